package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.torg.server.model.Actor;

/**
 * The directory of branches as ActivityPub: the Join a branch sends its hub, the hub's Accept or
 * Reject of it, the branch's Leave, and the {@code branches} collection a hub's actor links to.
 */
public final class DirectoryDocuments {

  /** Torg's own terms. Defined inline in the context (nothing is fetched), like Mastodon's {@code toot:}. */
  public static final String TORG_NS = org.torg.federation.vocab.ActivityStreams.TORG_NS;

  private final ActivityDocuments activities;

  public DirectoryDocuments(ActivityDocuments activities) {
    this.activities = activities;
  }

  /** A hub's branches collection: a fixed path under the Group, so it needs no column on the actor. */
  public static String branchesOf(String groupUri) {
    return groupUri + "/branches";
  }

  /**
   * Adds {@code torg:branches} to a local Group's actor document, and the term to its context;
   * a consumer that does not know the term ignores it.
   */
  public static JsonObject withBranches(JsonObject groupDocument) {
    JsonArray context = groupDocument.getValue("@context") instanceof JsonArray a ? a : new JsonArray();
    context.add(terms());
    return groupDocument.put("@context", context).put("branches", branchesOf(groupDocument.getString("id")));
  }

  private static JsonObject terms() {
    return new JsonObject()
        .put("torg", TORG_NS)
        .put("branches", new JsonObject().put("@id", "torg:branches").put("@type", "@id"))
        .put("place", "torg:place");
  }

  /** The branch asks to join the hub; {@code place} is where the branch is, for the hub's directory. */
  public JsonObject join(Actor branch, Actor hub, String place, Instant at) {
    // published orders a branch's Joins: the later one's place stands, whatever order they arrive in.
    JsonObject join = activity("Join", branch).put("object", hub.uri()).put("to", new JsonArray().add(hub.uri()))
        .put("published", DateTimeFormatter.ISO_INSTANT.format(at));
    if (!place.isEmpty()) {
      join.put("place", place);
    }
    join.getJsonArray("@context").add(terms());
    return join;
  }

  /** The branch leaves the hub. */
  public JsonObject leave(Actor branch, Actor hub) {
    return activity("Leave", branch).put("object", hub.uri()).put("to", new JsonArray().add(hub.uri()));
  }

  /** The hub approves the branch: Accept carries the Join as received, as Accept(Follow) does. */
  public JsonObject accept(Actor hub, Actor branch, JsonObject join) {
    return answer("Accept", hub, branch, join);
  }

  /** The hub refuses the branch's request, or removes a branch it had approved. */
  public JsonObject reject(Actor hub, Actor branch, JsonObject join) {
    return answer("Reject", hub, branch, join);
  }

  private JsonObject answer(String type, Actor hub, Actor branch, JsonObject join) {
    JsonObject object = join == null ? new JsonObject().put("type", "Join").put("actor", branch.uri()).put("object", hub.uri())
        : ActivityDocuments.withoutContext(join);
    return activity(type, hub).put("object", object).put("to", new JsonArray().add(branch.uri()));
  }

  private JsonObject activity(String type, Actor actor) {
    return activities.activity(type, actor);
  }
}
