package org.torg.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * An activity received in an inbox, as one record per type Torg acts on. {@link #parse} reads
 * the JSON a peer sent; the exhaustive switch over these records picks the handler.
 */
public sealed interface InboundActivity {

  /** The activity's id. */
  String id();

  /** The actor's id: the one that must have signed the request. */
  String actor();

  /** The activity as received, for storage and for embedding (Accept carries the Follow as received). */
  JsonObject raw();

  record Follow(String id, String actor, String object, JsonObject raw) implements InboundActivity {}

  record Undo(String id, String actor, ObjectRef object, JsonObject raw) implements InboundActivity {}

  record Accept(String id, String actor, ObjectRef object, JsonObject raw) implements InboundActivity {}

  record Reject(String id, String actor, ObjectRef object, JsonObject raw) implements InboundActivity {}

  record Update(String id, String actor, ObjectRef object, JsonObject raw) implements InboundActivity {}

  record Delete(String id, String actor, ObjectRef object, JsonObject raw) implements InboundActivity {}

  /** A new post; its object is read with {@link PostObject#parse} once trusted or fetched. */
  record Create(String id, String actor, ObjectRef object, JsonObject raw) implements InboundActivity {}

  record Like(String id, String actor, ObjectRef object, JsonObject raw) implements InboundActivity {}

  /**
   * A share: Mastodon-family peers announce an object id, Lemmy-family Groups embed the
   * activity they relay (FEP-1b12), so the object may be an id, a post or an activity.
   */
  record Announce(String id, String actor, ObjectRef object, JsonObject raw) implements InboundActivity {}

  /**
   * A report (Mastodon sends it from its instance actor): {@code objects} names the reported
   * actor and posts, in any order (Mastodon: the account first, then its posts); {@code content}
   * is the reporter's comment, plain text or absent.
   */
  record Flag(String id, String actor, List<String> objects, String content, JsonObject raw) implements InboundActivity {}

  /** Any type Torg does not act on (yet): accepted with 202, counted, ignored. */
  record Other(String id, String type, String actor, JsonObject raw) implements InboundActivity {}

  /** Why a document is not an activity Torg can even store. */
  final class NotAnActivityException extends Exception {
    public NotAnActivityException(String message) {
      super(message, null, false, false);
    }
  }

  static InboundActivity parse(JsonObject json) throws NotAnActivityException {
    String id = text(json, "id").orElseThrow(() -> new NotAnActivityException("the activity has no id"));
    String type = text(json, "type").orElseThrow(() -> new NotAnActivityException("the activity has no type"));
    // AS2 allows several actors; Prismo sends a one-element array. The first is the one that must sign.
    String actor = Optional.ofNullable(PropertyValues.firstId(json.getValue("actor")))
        .orElseThrow(() -> new NotAnActivityException("the activity has no actor"));
    Optional<ObjectRef> object = ObjectRef.of(json.getValue("object"));
    return switch (type) {
      case "Follow" -> new Follow(id, actor, require(object, type).id(), json);
      case "Undo" -> new Undo(id, actor, require(object, type), json);
      case "Accept" -> new Accept(id, actor, require(object, type), json);
      case "Reject" -> new Reject(id, actor, require(object, type), json);
      case "Update" -> new Update(id, actor, require(object, type), json);
      case "Delete" -> new Delete(id, actor, require(object, type), json);
      case "Create" -> new Create(id, actor, require(object, type), json);
      case "Like" -> new Like(id, actor, require(object, type), json);
      case "Announce" -> new Announce(id, actor, require(object, type), json);
      case "Flag" -> flag(id, actor, json);
      default -> new Other(id, type, actor, json);
    };
  }

  /** Objects a report may name: more is not a report but a flood. */
  int MAX_FLAG_OBJECTS = 100;

  private static Flag flag(String id, String actor, JsonObject json) throws NotAnActivityException {
    List<String> objects = PropertyValues.ids(json.getValue("object"), MAX_FLAG_OBJECTS);
    if (objects.isEmpty()) {
      throw new NotAnActivityException("the Flag has no object");
    }
    return new Flag(id, actor, objects, text(json, "content").orElse(null), json);
  }

  private static ObjectRef require(Optional<ObjectRef> object, String type) throws NotAnActivityException {
    return object.orElseThrow(() -> new NotAnActivityException("the " + type + " has no object"));
  }

  private static Optional<String> text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  /** The type name as received. */
  default String type() {
    return raw().getString("type");
  }
}
