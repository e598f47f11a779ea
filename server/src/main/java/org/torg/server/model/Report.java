package org.torg.server.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A report in the moderators' queue: from a local account, or a Flag from another server.
 * {@code reporter} is a handle; {@code target} the reported actor, when known.
 */
public record Report(long id, State state, Origin origin, Optional<String> reporter, Optional<Long> reporterAccountId,
    Optional<Actor> target, List<Long> postIds, String comment, Instant createdAt, Optional<Resolution> resolution) {

  public enum State { OPEN, RESOLVED }

  public enum Origin { LOCAL, REMOTE }

  /** What a moderator decided: one of {@code ReportAction}'s wire names, the reason, when. */
  public record Resolution(String action, String reason, Instant at) {}

  public boolean open() {
    return state == State.OPEN;
  }
}
