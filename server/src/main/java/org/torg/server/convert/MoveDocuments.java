package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.Actor;

/**
 * What moving an account adds to the wire: {@code alsoKnownAs} and {@code movedTo} on a local
 * actor's document, the {@code Move} it sends its followers, and reading {@code alsoKnownAs} from a
 * remote actor's document (Mastodon writes an array of ids; one id or embedded objects are read too).
 */
public final class MoveDocuments {

  /** More aliases than this in a fetched document are not read (Mastodon lets a person list a handful). */
  static final int MAX_READ_ALIASES = 50;

  private final ActivityDocuments documents;

  public MoveDocuments(ActivityDocuments documents) {
    this.documents = documents;
  }

  /** Adds the actor's aliases and, once it moved, where to; returns {@code actorDocument}. */
  public static JsonObject withMoveFields(JsonObject actorDocument, List<String> aliases, Optional<String> movedTo) {
    if (!aliases.isEmpty()) {
      actorDocument.put("alsoKnownAs", new JsonArray(new ArrayList<>(aliases)));
    }
    movedTo.ifPresent(target -> actorDocument.put("movedTo", target));
    return actorDocument;
  }

  /** {@code Move} as Mastodon sends it: actor and object the old account, target the new one; to its followers. */
  public JsonObject move(Actor old, String targetUri) {
    return documents.activity("Move", old).put("object", old.uri()).put("target", targetUri)
        .put("to", new JsonArray().add(old.followersUrl()));
  }

  /** The ids a fetched actor document lists under {@code alsoKnownAs}. */
  public static List<String> alsoKnownAs(JsonObject actorDocument) {
    Object value = actorDocument.getValue("alsoKnownAs");
    List<Object> values = value instanceof JsonArray array ? array.getList() : value == null ? List.of() : List.of(value);
    List<String> out = new ArrayList<>();
    for (Object element : values) {
      Object id = element instanceof JsonObject o ? o.getValue("id") : element instanceof java.util.Map<?, ?> m ? m.get("id") : element;
      if (id instanceof String s && !s.isBlank() && s.length() <= 2048 && !out.contains(s.strip())) {
        out.add(s.strip());
        if (out.size() == MAX_READ_ALIASES) {
          break;
        }
      }
    }
    return out;
  }
}
