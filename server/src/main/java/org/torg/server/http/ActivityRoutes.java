package org.torg.server.http;

import io.vertx.ext.web.Router;
import java.util.Set;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.OutboxRepository;
import org.torg.server.error.HttpError;

/**
 * Activities Torg sent, at their ids: peers fetch a Create or Announce to check it (INTEROP §4).
 * Follows, Accepts and Undos stay private, as on Mastodon.
 */
public final class ActivityRoutes {

  private static final Set<String> PUBLIC_TYPES = Set.of("Create", "Update", "Delete", "Announce", "Like");

  private final OutboxRepository outbox;
  private final LocalUris uris;

  public ActivityRoutes(OutboxRepository outbox, LocalUris uris) {
    this.outbox = outbox;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/activities/:id").handler(ctx -> outbox.findByUri(uris.activity(ctx.pathParam("id")))
        .onSuccess(found -> {
          if (found.isEmpty() || !PUBLIC_TYPES.contains(found.get().getString("type")) || isVote(found.get())) {
            ctx.fail(new HttpError(404, "not_found", "No such activity."));
          } else {
            ContentNegotiation.sendActivityJson(ctx.response(), 200, found.get());
          }
        })
        .onFailure(ctx::fail));
  }

  /**
   * A vote in another server's poll: sent to the poll's author alone, with the voter's choice and
   * maybe membership statements, so never served to whoever has its id (the author's server
   * takes the embedded copy, as it comes from the voter's own server).
   */
  static boolean isVote(io.vertx.core.json.JsonObject activity) {
    return "Create".equals(activity.getString("type")) && activity.getValue("object") instanceof io.vertx.core.json.JsonObject note
        && note.getValue("name") != null && note.getValue("inReplyTo") != null && note.getValue("content") == null;
  }
}
