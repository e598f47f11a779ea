package org.torg.federation.vocab;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The origin of an http(s) URL (RFC 6454): scheme, host and port, written
 * {@code https://host} or {@code http://host:8080} (lower case, the default port left out).
 * What a server may speak for: its own ids, its own keys, its own activities.
 */
public final class Origin {

  private Origin() {}

  /** The origin of an absolute http(s) URL; empty for anything else (a urn:, a relative or broken URL). */
  public static Optional<String> of(String url) {
    if (url == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (port == 443 && scheme.equals("https")) || (port == 80 && scheme.equals("http"));
    return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
  }

  /**
   * Whether the text names a server of its own: an absolute URI with an authority
   * ({@code https://…}, {@code ftp://…}). Opaque ids ({@code urn:uuid:…}, {@code tag:…}) name none.
   */
  public static boolean namesAServer(String uri) {
    try {
      URI parsed = new URI(uri);
      return parsed.isAbsolute() && !parsed.isOpaque() && parsed.getRawAuthority() != null;
    } catch (URISyntaxException e) {
      // Unparseable: treat it as naming a server, so it must match and cannot.
      return true;
    }
  }

  /** Whether both are http(s) URLs on one origin. */
  public static boolean same(String a, String b) {
    Optional<String> first = of(a);
    return first.isPresent() && first.equals(of(b));
  }
}
