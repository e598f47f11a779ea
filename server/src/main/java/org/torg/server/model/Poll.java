package org.torg.server.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A consultation's poll, on its root post (which federates as a Question), with its counts:
 * {@code votes} per option, in the options' order, and the distinct {@code voters}.
 * {@code membersOnly}: only votes a branch of the hub vouches for count; {@code statements}: a
 * candidate selection's candidate statements, in the options' order (empty for an ordinary poll).
 */
public record Poll(long threadId, long postId, List<String> options, boolean multiple, Instant endsAt,
    Optional<Instant> closedAt, List<Integer> votes, int voters, boolean membersOnly, List<String> statements) {

  public Poll {
    options = List.copyOf(options);
    votes = List.copyOf(votes);
    statements = List.copyOf(statements);
  }

  /** A candidate selection: its options are candidates, each with a statement. */
  public boolean candidates() {
    return !statements.isEmpty();
  }

  public String eligibility() {
    return membersOnly ? "members" : "everyone";
  }

  /** Votes are taken until the end time, also while the closing Update is still on its way. */
  public boolean openAt(Instant now) {
    return closedAt.isEmpty() && now.isBefore(endsAt);
  }

  public int indexOf(String title) {
    return options.indexOf(title);
  }
}
