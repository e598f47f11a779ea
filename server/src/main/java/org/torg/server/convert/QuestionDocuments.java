package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.torg.server.model.Poll;

/**
 * A consultation's root post with a poll, as Mastodon reads a poll: a {@code Question} with
 * {@code oneOf} (single choice) or {@code anyOf} (multiple), each option a Note with a
 * {@code name} and its votes in {@code replies.totalItems}, plus {@code endTime} and
 * {@code votersCount}; {@code closed} once it has ended.
 */
public final class QuestionDocuments {

  private QuestionDocuments() {}

  /** The Note of the poll's root post, made a Question with the poll's current counts. */
  public static JsonObject question(JsonObject note, Poll poll) {
    JsonArray options = new JsonArray();
    for (int i = 0; i < poll.options().size(); i++) {
      options.add(new JsonObject().put("type", "Note").put("name", poll.options().get(i))
          .put("replies", new JsonObject().put("type", "Collection").put("totalItems", poll.votes().get(i))));
    }
    JsonObject question = note.put("type", "Question").put(poll.multiple() ? "anyOf" : "oneOf", options)
        .put("endTime", PostDocuments.time(poll.endsAt())).put("votersCount", poll.voters());
    poll.closedAt().ifPresent(at -> question.put("closed", PostDocuments.time(at)));
    return question;
  }
}
