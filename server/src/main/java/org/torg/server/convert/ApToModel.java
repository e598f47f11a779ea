package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.db.ActorRepository.ActorFields;
import org.torg.server.model.ActorType;

/** Remote ActivityPub documents into Torg's shapes, refusing what peers must not send. */
public final class ApToModel {

  /** A public key as an actor document declares it. */
  public record DeclaredKey(String keyId, String owner, String publicKeyPem) {}

  /** A document that is not a usable actor; the message says why. */
  public static final class InvalidDocumentException extends RuntimeException {
    public InvalidDocumentException(String message) {
      super(message, null, false, false);
    }
  }

  private ApToModel() {}

  /** The fields to store for a remote actor; its id must be http(s) and the document well-formed. */
  public static ActorFields actorFields(JsonObject doc) {
    String id = text(doc, "id").orElseThrow(() -> new InvalidDocumentException("the actor has no id"));
    URI uri = httpUri(id, "id");
    ActorType type = text(doc, "type").flatMap(ActorType::fromWire)
        .orElseThrow(() -> new InvalidDocumentException("not an actor type: " + doc.getValue("type")));
    String username = text(doc, "preferredUsername")
        .orElseThrow(() -> new InvalidDocumentException("the actor has no preferredUsername"));
    String inbox = text(doc, "inbox").orElseThrow(() -> new InvalidDocumentException("the actor has no inbox"));
    httpUri(inbox, "inbox");
    String sharedInbox = doc.getValue("endpoints") instanceof JsonObject endpoints
        ? text(endpoints, "sharedInbox").orElse(null) : null;
    if (sharedInbox != null) {
      httpUri(sharedInbox, "sharedInbox");
    }
    return new ActorFields(id, false, type, username, authority(uri),
        text(doc, "name").orElse(null), RemoteHtml.sanitize(text(doc, "summary").orElse(null)),
        urlOf(doc.getValue("url")).orElse(id), inbox, sharedInbox,
        text(doc, "outbox").orElse(null), text(doc, "followers").orElse(null), text(doc, "following").orElse(null),
        Boolean.TRUE.equals(doc.getValue("manuallyApprovesFollowers")), iconUrl(doc.getValue("icon")).orElse(null));
  }

  /** The key with this id among those the actor declares (publicKey as object, or array as some servers send). */
  public static Optional<DeclaredKey> declaredKey(JsonObject actor, String keyId) {
    Object value = actor.getValue("publicKey");
    JsonArray keys = value instanceof JsonArray array ? array : new JsonArray().add(value);
    for (Object k : keys) {
      if (k instanceof JsonObject key && keyId.equals(key.getString("id")) && key.getValue("publicKeyPem") instanceof String pem) {
        String owner = key.getValue("owner") instanceof String o ? o : actor.getString("id");
        return Optional.of(new DeclaredKey(keyId, owner, pem));
      }
    }
    return Optional.empty();
  }

  /** host[:port] of a URL, lower case, the default port left out: how Torg names a server. */
  public static String authority(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (port == 80 && "http".equals(uri.getScheme())) || (port == 443 && "https".equals(uri.getScheme()));
    return defaultPort ? host : host + ":" + port;
  }

  /**
   * Whether an object lives on its actor's server: only then may that actor create, edit or
   * delete it, and only then is its embedded copy the actor's word (INTEROP §7).
   */
  public static boolean sameAuthority(String objectId, String actorId) {
    Optional<String> object = authorityOf(objectId);
    return object.isPresent() && object.equals(authorityOf(actorId));
  }

  /** The authority of a URL string, or empty for anything that is not an absolute http(s) URL. */
  public static Optional<String> authorityOf(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          ? Optional.empty() : Optional.of(authority(uri));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static URI httpUri(String value, String what) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidDocumentException(what + " is not a URL");
    }
    if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new InvalidDocumentException(what + " is not an http(s) URL");
    }
    return uri;
  }

  /** url may be a string, a Link object, or an array of either (Mastodon, Misskey, Lemmy differ). */
  /** An actor's avatar: icon as an Image (url a string or Link), or an array of them; http(s) only. */
  private static Optional<String> iconUrl(Object icon) {
    if (icon instanceof JsonArray array) {
      return array.isEmpty() ? Optional.empty() : iconUrl(array.getValue(0));
    }
    Optional<String> url = icon instanceof JsonObject image ? urlOf(image.getValue("url")) : Optional.empty();
    return url.filter(u -> (u.startsWith("https://") || u.startsWith("http://")) && u.length() <= 2048);
  }

  private static Optional<String> urlOf(Object url) {
    if (url instanceof JsonArray array) {
      for (Object u : array) {
        Optional<String> found = urlOf(u);
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    if (url instanceof JsonObject link) {
      return text(link, "href");
    }
    return ObjectRef.of(url).map(ObjectRef::id);
  }

  private static Optional<String> text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }
}
