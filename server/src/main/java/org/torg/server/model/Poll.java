package org.torg.server.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A consultation's poll, on its root post (which federates as a Question), with its counts:
 * {@code votes} per option, in the options' order, and the distinct {@code voters}.
 */
public record Poll(long threadId, long postId, List<String> options, boolean multiple, Instant endsAt,
    Optional<Instant> closedAt, List<Integer> votes, int voters) {

  public Poll {
    options = List.copyOf(options);
    votes = List.copyOf(votes);
  }

  /** Votes are taken until the end time, also while the closing Update is still on its way. */
  public boolean openAt(Instant now) {
    return closedAt.isEmpty() && now.isBefore(endsAt);
  }

  public int indexOf(String title) {
    return options.indexOf(title);
  }
}
