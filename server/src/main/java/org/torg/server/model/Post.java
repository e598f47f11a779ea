package org.torg.server.model;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.Optional;

/** A post in a thread, local or remote, with its author. {@code content} is always safe HTML. */
public record Post(
    long id,
    String uri,
    String url,
    long threadId,
    Optional<Long> parentId,
    String inReplyToUri,
    Actor author,
    boolean local,
    String name,
    String summary,
    String content,
    String source,
    String language,
    boolean sensitive,
    JsonArray tags,
    Instant published,
    Optional<Instant> editedAt,
    Optional<Instant> deletedAt,
    int likes,
    int shares) {

  public boolean deleted() {
    return deletedAt.isPresent();
  }

  /** Where people read it: its own page, which for local posts is its id. */
  public String pageUrl() {
    return url != null ? url : uri;
  }
}
