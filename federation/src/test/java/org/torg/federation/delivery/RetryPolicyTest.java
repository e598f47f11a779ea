package org.torg.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant NOW = Instant.parse("2025-06-03T07:04:05Z");

  /** A source whose every draw is {@code value}: the backoff without (or with the most) jitter. */
  private static Random constant(int value) {
    return new Random() {
      @Override
      public int nextInt(int bound) {
        return Math.min(value, bound - 1);
      }
    };
  }

  @Test
  void withoutJitterTheDelayIsAttemptsToTheFourthPlusFifteenSeconds() {
    for (int n = 0; n <= RetryPolicy.MAX_ATTEMPTS; n++) {
      assertEquals(Duration.ofSeconds((long) n * n * n * n + 15), RetryPolicy.backoff(n, constant(0)), "n=" + n);
    }
    assertEquals(Duration.ofSeconds(16), RetryPolicy.backoff(1, constant(0)));
    assertEquals(Duration.ofSeconds(10_000 + 15), RetryPolicy.backoff(10, constant(0)));
    assertEquals(Duration.ofSeconds(65_536 + 15), RetryPolicy.backoff(16, constant(0)));
  }

  @Test
  void theDelayGrowsLikeTheFourthPower() {
    SplittableRandom random = new SplittableRandom(42);
    Duration previous = Duration.ZERO;
    // From 3 on, the smallest delay for n exceeds the largest for n - 1, jitter included.
    for (int n = 3; n <= RetryPolicy.MAX_ATTEMPTS; n++) {
      Duration delay = RetryPolicy.backoff(n, random);
      assertTrue(delay.compareTo(previous) > 0, "n=" + n + ": " + delay + " after " + previous);
      double ratio = (double) delay.toSeconds() / ((long) n * n * n * n);
      assertTrue(ratio >= 1 && ratio < 1 + (15.0 + 30 * (n + 1)) / (n * n * n * n), "n=" + n + ": " + delay);
      previous = delay;
    }
  }

  @Test
  void jitterStaysWithinThirtyTimesAttemptsPlusOneSeconds() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n <= RetryPolicy.MAX_ATTEMPTS; n++) {
      long base = (long) n * n * n * n + 15;
      Set<Long> jitters = new HashSet<>();
      for (int draw = 0; draw < 500; draw++) {
        long jitter = RetryPolicy.backoff(n, random).toSeconds() - base;
        assertTrue(jitter >= 0 && jitter < 30L * (n + 1), "n=" + n + ": jitter " + jitter);
        assertEquals(0, jitter % (n + 1), "Sidekiq's rand(30) * (count + 1)");
        jitters.add(jitter);
      }
      assertTrue(jitters.size() > 20, "the jitter varies: " + jitters);
    }
    assertEquals(Duration.ofSeconds(15 + 29 * 4), RetryPolicy.backoff(3, constant(29)).minusSeconds(81));
  }

  @Test
  void aSeededSourceGivesTheSameSchedule() {
    for (int n = 0; n < 20; n++) {
      assertEquals(RetryPolicy.backoff(n, new SplittableRandom(n)), RetryPolicy.backoff(n, new SplittableRandom(n)));
    }
  }

  @Test
  void exhaustedAfterSixteenAttempts() {
    assertFalse(RetryPolicy.exhausted(0));
    assertFalse(RetryPolicy.exhausted(15));
    assertTrue(RetryPolicy.exhausted(16));
    assertTrue(RetryPolicy.exhausted(17));
    assertEquals(16, RetryPolicy.MAX_ATTEMPTS);
  }

  @Test
  void theWholeScheduleTakesAboutThreeDays() {
    Duration total = Duration.ZERO;
    for (int n = 1; n < RetryPolicy.MAX_ATTEMPTS; n++) {
      total = total.plus(RetryPolicy.backoff(n, constant(15)));
    }
    assertTrue(total.compareTo(Duration.ofDays(1)) > 0 && total.compareTo(Duration.ofDays(4)) < 0, total.toString());
  }

  @Test
  void nextAttemptWithoutRetryAfterIsTheBackoff() {
    assertEquals(NOW.plusSeconds(81 + 15), RetryPolicy.nextAttempt(3, NOW, Optional.empty(), constant(0)));
  }

  @Test
  void aRetryAfterLongerThanTheBackoffWins() {
    assertEquals(NOW.plusSeconds(3600),
        RetryPolicy.nextAttempt(3, NOW, Optional.of(Duration.ofHours(1)), constant(0)));
  }

  @Test
  void aRetryAfterShorterThanTheBackoffDoesNot() {
    assertEquals(NOW.plusSeconds(81 + 15),
        RetryPolicy.nextAttempt(3, NOW, Optional.of(Duration.ofSeconds(30)), constant(0)));
    assertEquals(NOW.plusSeconds(81 + 15),
        RetryPolicy.nextAttempt(3, NOW, Optional.of(Duration.ZERO), constant(0)));
    assertEquals(NOW.plusSeconds(81 + 15),
        RetryPolicy.nextAttempt(3, NOW, Optional.of(Duration.ofSeconds(-50)), constant(0)));
  }

  @Test
  void aRetryAfterIsCappedAtADay() {
    assertEquals(NOW.plus(RetryPolicy.MAX_RETRY_AFTER),
        RetryPolicy.nextAttempt(1, NOW, Optional.of(Duration.ofDays(365)), constant(0)));
    assertEquals(NOW.plus(Duration.ofHours(24)),
        RetryPolicy.nextAttempt(1, NOW, Optional.of(Duration.ofSeconds(Long.MAX_VALUE)), constant(0)));
  }

  @Test
  void refusesANegativeCount() {
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.backoff(-1, constant(0)));
  }

  @Test
  void absurdCountsDoNotOverflow() {
    assertEquals(RetryPolicy.backoff(RetryPolicy.MAX_ATTEMPTS, constant(0)),
        RetryPolicy.backoff(Integer.MAX_VALUE, constant(0)));
  }
}
