package org.torg.server.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A post in a thread, local or remote, with its author. {@code content} is always safe HTML;
 * {@code stance} a consultation reply's for, against or amendment (null: none);
 * {@code attachments} its images and documents, in order.
 */
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
    int shares,
    String stance,
    List<MediaAttachment> attachments) {

  public boolean deleted() {
    return deletedAt.isPresent();
  }

  /** The actors its Mention tags name: they go in the Note's cc, so their servers notify them. */
  public List<String> mentionedActors() {
    return tags.stream().filter(t -> t instanceof JsonObject o && "Mention".equals(o.getString("type")))
        .map(t -> ((JsonObject) t).getString("href")).filter(Objects::nonNull).toList();
  }

  /** Where people read it: its own page, which for local posts is its id. */
  public String pageUrl() {
    return url != null ? url : uri;
  }
}
