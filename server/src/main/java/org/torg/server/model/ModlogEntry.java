package org.torg.server.model;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of the public moderation log: what was done, to what, why and by whom.
 * {@code moderator} is the acting account's username; whether it is shown is the instance's choice.
 * {@code affectedAccountId}: the local account the action concerns, which may appeal it.
 */
public record ModlogEntry(long id, Instant at, ModAction action, String target, String reason, Optional<String> moderator,
    Optional<String> group, Optional<Long> affectedAccountId) {

  /** An entry about to be written. */
  public record New(ModAction action, String target, String reason, Long moderatorId, Long groupId, Long affectedAccountId) {}
}
