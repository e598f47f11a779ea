package org.torg.federation.webfinger;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.torg.federation.fetch.DocumentFetcher;

/**
 * Finds the ActivityPub actor behind a handle {@code name@host} (RFC 7033, INTEROP §1): GET
 * {@code https://host/.well-known/webfinger?resource=acct:name@host}, then the {@code self}
 * link of type activity+json (or ld+json with the ActivityStreams profile). Unsigned, through
 * the fetcher's SSRF guard and size and time limits. The actor id it names may be on another
 * host (Mastodon's WEB_DOMAIN setups): the caller fetches it from its origin, which proves it.
 */
public final class WebFingerClient {

  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.~!$&'()*+,;=%-]{1,128}");
  private static final Pattern HOST = Pattern.compile("[a-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9a-f:.]+\\](:[0-9]{1,5})?");

  /** Why a handle did not lead to an actor. */
  public static final class WebFingerException extends RuntimeException {
    public WebFingerException(String message) {
      super(message, null, false, false);
    }
  }

  private final DocumentFetcher fetcher;
  private final String scheme;

  /** @param scheme "https"; "http" only for test federations on one machine */
  public WebFingerClient(DocumentFetcher fetcher, String scheme) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.scheme = scheme;
  }

  /** The actor id for {@code name@host}, or a failed future saying why. */
  public Future<String> actorId(String name, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(name).matches() || !HOST.matcher(h).matches()) {
      return Future.failedFuture(new WebFingerException("not a handle: " + name + "@" + host));
    }
    String resource = URLEncoder.encode("acct:" + name + "@" + h, StandardCharsets.UTF_8);
    URI uri = URI.create(scheme + "://" + h + "/.well-known/webfinger?resource=" + resource);
    return fetcher.fetchPlainJson(uri).map(jrd -> self(jrd.json())
        .orElseThrow(() -> new WebFingerException(name + "@" + h + " has no ActivityPub actor link")));
  }

  static Optional<String> self(JsonObject jrd) {
    if (!(jrd.getValue("links") instanceof JsonArray links)) {
      return Optional.empty();
    }
    for (Object l : links) {
      if (l instanceof JsonObject link && "self".equals(link.getValue("rel")) && link.getValue("href") instanceof String href
          && link.getValue("type") instanceof String type && isActivityJson(type)
          && (href.startsWith("https://") || href.startsWith("http://"))) {
        return Optional.of(href);
      }
    }
    return Optional.empty();
  }

  private static boolean isActivityJson(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return t.startsWith("application/activity+json")
        || (t.startsWith("application/ld+json") && t.contains("https://www.w3.org/ns/activitystreams"));
  }
}
