package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Attempts per key (a client address) and the wait they have earned with a {@link BackOff}: in
 * this node's memory ({@link MemoryAttemptLimiter}) or, for several nodes, in PostgreSQL
 * ({@link SharedAttemptLimiter}), so that N nodes do not allow N times the attempts.
 */
public interface AttemptLimiter {

  /** How long this key must still wait, if it must. */
  Future<Optional<Duration>> blocked(String key);

  /** Counts one attempt; returns the wait it has earned (zero while attempts are free). */
  Future<Duration> record(String key);

  /** Forgets the key: e.g. a successful sign-in from that address. */
  Future<Void> clear(String key);
}
