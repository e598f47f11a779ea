package org.torg.server.processing.moderation;

import io.vertx.core.json.JsonObject;
import org.torg.server.model.ModlogEntry;

/** A moderation log entry as the API, the feed and the page show it. */
public final class ModlogJson {

  /** What the log says where the instance keeps its moderators' names to itself. */
  public static final String ANONYMOUS = "a moderator";

  private ModlogJson() {}

  public static JsonObject entry(ModlogEntry e, boolean showModerators) {
    return new JsonObject()
        .put("id", String.valueOf(e.id()))
        .put("at", e.at().toString())
        .put("action", e.action().wire())
        .put("target", e.target())
        .put("reason", e.reason())
        .put("moderator", showModerators ? e.moderator().orElse(ANONYMOUS) : ANONYMOUS)
        .put("group", e.group().orElse(null));
  }
}
