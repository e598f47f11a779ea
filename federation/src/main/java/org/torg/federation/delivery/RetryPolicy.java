package org.torg.federation.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: Mastodon's schedule (INTEROP.md §5), so a peer that is
 * down for a while sees from Torg the same retries it sees from Mastodon. Mastodon's delivery
 * worker leaves the delay to Sidekiq's default: {@code count⁴ + 15 s} plus a jitter of
 * {@code rand(30) × (count + 1)} s, 16 times, about three days in all. The jitter spreads out
 * the retries of the many deliveries that failed together when a big host went down, so they
 * do not all hit it again at the same second when it comes back.
 *
 * <p>Stateless: the server keeps the attempt count with the queued delivery.
 */
public final class RetryPolicy {

  /** After this many failed attempts the delivery is dropped, as Mastodon's {@code retry: 16}. */
  public static final int MAX_ATTEMPTS = 16;

  /**
   * The longest {@code Retry-After} honoured. A peer may ask for more, but a delivery held
   * longer than a day is one its followers no longer want, and a buggy or hostile header must
   * not park the queue for years.
   */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

  private static final long BASE_DELAY_SECONDS = 15;
  /** Sidekiq's {@code rand(30)}: a whole multiple 0..29 of {@code count + 1} seconds. */
  private static final int JITTER_STEPS = 30;

  private RetryPolicy() {}

  /**
   * The delay before the next attempt, after {@code attemptsSoFar} failed ones:
   * {@code n⁴ + 15 s + rand(30)·(n + 1) s}. Beyond {@link #MAX_ATTEMPTS} the delay stops
   * growing (the caller should have given up by then; this only keeps the arithmetic sane).
   *
   * @param random the jitter's source; pass a seeded one in tests
   * @throws IllegalArgumentException for a negative count
   */
  public static Duration backoff(int attemptsSoFar, RandomGenerator random) {
    if (attemptsSoFar < 0) {
      throw new IllegalArgumentException("attemptsSoFar must not be negative: " + attemptsSoFar);
    }
    long n = Math.min(attemptsSoFar, MAX_ATTEMPTS);
    long jitter = (long) random.nextInt(JITTER_STEPS) * (n + 1);
    return Duration.ofSeconds(n * n * n * n + BASE_DELAY_SECONDS + jitter);
  }

  /**
   * When to attempt next: {@code now} plus the {@link #backoff}, or plus the peer's
   * {@code Retry-After} (capped at {@link #MAX_RETRY_AFTER}) when that asks for longer. A
   * shorter {@code Retry-After} does not shorten the backoff: a peer that is failing for
   * everyone is best left alone for as long as the schedule says.
   */
  public static Instant nextAttempt(
      int attemptsSoFar, Instant now, Optional<Duration> retryAfter, RandomGenerator random) {
    Duration delay = backoff(attemptsSoFar, random);
    Optional<Duration> asked = retryAfter
        .map(d -> d.isNegative() ? Duration.ZERO : d)
        .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    if (asked.isPresent() && asked.get().compareTo(delay) > 0) {
      delay = asked.get();
    }
    return now.plus(delay);
  }

  /** True once {@code attempts} failed attempts have been made: stop retrying. */
  public static boolean exhausted(int attempts) {
    return attempts >= MAX_ATTEMPTS;
  }
}
