package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.torg.federation.vocab.ActivityStreams;
import org.torg.server.model.Actor;

/** Activities Torg sends, each with a fresh id on this instance. */
public final class ActivityDocuments {

  private final LocalUris uris;

  public ActivityDocuments(LocalUris uris) {
    this.uris = uris;
  }

  /** Accept carries the Follow as received, so the follower can match it (INTEROP §4, M#12133). */
  public JsonObject accept(Actor followee, JsonObject followAsReceived) {
    return activity("Accept", followee).put("object", withoutContext(followAsReceived))
        .put("to", new JsonArray().add(followAsReceived.getValue("actor") instanceof String a ? a : followAsReceived.getJsonObject("actor").getString("id")));
  }

  public JsonObject follow(Actor follower, Actor followee) {
    return activity("Follow", follower).put("object", followee.uri()).put("to", new JsonArray().add(followee.uri()));
  }

  /** A person blocks an actor elsewhere: sent to that actor alone, as Mastodon sends it. */
  public JsonObject block(Actor blocker, Actor blocked) {
    return activity("Block", blocker).put("object", blocked.uri()).put("to", new JsonArray().add(blocked.uri()));
  }

  /** Undo embeds the undone activity with its type: undo by reference fails on Mastodon (INTEROP §4). */
  public JsonObject undo(Actor actor, JsonObject undone, String to) {
    return activity("Undo", actor).put("object", withoutContext(undone)).put("to", new JsonArray().add(to));
  }

  /** Update of an actor's own document, to its followers. */
  public JsonObject updateActor(Actor actor, JsonObject actorDocument) {
    return activity("Update", actor).put("object", withoutContext(actorDocument))
        .put("to", new JsonArray().add(ActivityStreams.PUBLIC)).put("cc", new JsonArray().add(actor.followersUrl()));
  }

  /** The actor's own Delete: its account was closed. Public, so every server that knows it may drop it. */
  public JsonObject deleteActor(Actor actor) {
    return activity("Delete", actor).put("object", actor.uri())
        .put("to", new JsonArray().add(ActivityStreams.PUBLIC)).put("cc", new JsonArray().add(actor.followersUrl()));
  }

  /** A new activity of {@code actor}'s, with a fresh id here; the documents of other concerns build on it. */
  JsonObject activity(String type, Actor actor) {
    return new JsonObject()
        .put("@context", ActivityStreams.objectContext())
        .put("id", uris.activity(UUID.randomUUID().toString()))
        .put("type", type)
        .put("actor", actor.uri());
  }

  /** A document embedded in an activity: the outer activity carries the @context. */
  static JsonObject withoutContext(JsonObject document) {
    JsonObject copy = document.copy();
    copy.remove("@context");
    return copy;
  }
}
