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
      JsonObject option = new JsonObject().put("type", "Note").put("name", poll.options().get(i))
          .put("replies", new JsonObject().put("type", "Collection").put("totalItems", poll.votes().get(i)));
      if (poll.candidates()) {
        // A candidate's statement, as the content of the option's Note: plain text, escaped.
        option.put("content", "<p>" + escape(poll.statements().get(i)) + "</p>");
      }
      options.add(option);
    }
    JsonObject question = note.put("type", "Question").put(poll.multiple() ? "anyOf" : "oneOf", options)
        .put("endTime", PostDocuments.time(poll.endsAt())).put("votersCount", poll.voters());
    // Who may vote, for servers that read it (FEDERATION.md, "Members-only votes"); others ignore it.
    question.put("torg:eligibility", poll.eligibility());
    if (poll.candidates()) {
      question.put("torg:kind", "candidate-selection");
    }
    if (question.getValue("@context") instanceof JsonArray context) {
      for (Object entry : context) {
        if (entry instanceof JsonObject terms) {
          terms.put("torg", TorgTerms.NS);
          break;
        }
      }
    }
    poll.closedAt().ifPresent(at -> question.put("closed", PostDocuments.time(at)));
    return question;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
