package org.torg.server.processing.live;

import io.vertx.core.json.JsonObject;

/**
 * One event of a live stream: {@code id} is its row in the log it came from (thread_event or
 * notification), what a client resumes after; {@code name} is post, edit, delete, likes or
 * notification.
 */
public record LiveEvent(long id, String name, JsonObject data) {}
