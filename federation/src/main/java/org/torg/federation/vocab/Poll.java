package org.torg.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The poll of a Question: {@code oneOf} for single choice, {@code anyOf} for multiple choice
 * (Pleroma sends both, one of them empty). Each option is a Note with a {@code name} and its vote
 * count in {@code replies.totalItems}.
 *
 * @param endTime when voting ends; null when the peer sent none (Misskey's open-ended polls)
 * @param closedAt when voting ended, from {@code closed} as a date; null when not given as one
 * @param closed true when {@code closed} is present as a date or as {@code true}
 * @param votersCount Mastodon's count of distinct voters; null when the peer did not send it
 */
public record Poll(boolean multipleChoice, List<Option> options, Instant endTime, Instant closedAt, boolean closed,
    Integer votersCount) {

  /** One answer and the votes it has so far. */
  public record Option(String name, int votes) {}

  public Poll {
    options = List.copyOf(options);
  }

  /** The poll of a Question, or null when it has no option with a name. */
  static Poll read(JsonObject question, int maxOptions, int maxNameChars) throws InvalidObjectException {
    List<Option> anyOf = options(question.getValue("anyOf"), maxOptions, maxNameChars);
    List<Option> oneOf = anyOf.isEmpty() ? options(question.getValue("oneOf"), maxOptions, maxNameChars) : List.of();
    if (anyOf.isEmpty() && oneOf.isEmpty()) {
      return null;
    }
    Object closed = question.getValue("closed");
    Instant closedAt = Timestamps.parse(closed);
    boolean isClosed = closedAt != null || Boolean.TRUE.equals(closed);
    Integer voters = question.getValue("votersCount") instanceof Number n && n.longValue() >= 0
        ? (int) Math.min(n.longValue(), Integer.MAX_VALUE) : null;
    return new Poll(!anyOf.isEmpty(), anyOf.isEmpty() ? oneOf : anyOf, Timestamps.parse(question.getValue("endTime")),
        closedAt, isClosed, voters);
  }

  private static List<Option> options(Object value, int cap, int maxNameChars) throws InvalidObjectException {
    List<Option> out = new ArrayList<>();
    for (Object element : PropertyValues.values(value)) {
      if (out.size() == cap) {
        break;
      }
      if (element instanceof JsonObject option) {
        String name = PropertyValues.text(option, "name");
        if (name == null) {
          continue;
        }
        if (name.length() > maxNameChars) {
          throw new InvalidObjectException("a poll option is longer than " + maxNameChars + " characters");
        }
        out.add(new Option(name, votes(option)));
      }
    }
    return out;
  }

  private static int votes(JsonObject option) {
    if (option.getValue("replies") instanceof JsonObject replies && replies.getValue("totalItems") instanceof Number n) {
      return (int) Math.max(0, Math.min(n.longValue(), Integer.MAX_VALUE));
    }
    return 0;
  }

  /** Votes over all options; for a multiple-choice poll more than the number of voters. */
  public long totalVotes() {
    return options.stream().mapToLong(Option::votes).sum();
  }
}
