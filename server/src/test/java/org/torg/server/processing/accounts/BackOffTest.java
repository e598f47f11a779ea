package org.torg.server.processing.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.torg.server.support.MutableClock;

class BackOffTest {

  @Test
  void freeAttemptsThenDoublingUpToTheCap() {
    BackOff backOff = new BackOff(3, Duration.ofSeconds(2), Duration.ofSeconds(10));
    assertEquals(Duration.ZERO, backOff.after(3));
    assertEquals(Duration.ofSeconds(2), backOff.after(4));
    assertEquals(Duration.ofSeconds(4), backOff.after(5));
    assertEquals(Duration.ofSeconds(8), backOff.after(6));
    assertEquals(Duration.ofSeconds(10), backOff.after(7));
    assertEquals(Duration.ofSeconds(10), backOff.after(1_000));
  }

  @Test
  void theLimiterBlocksAfterTheFreeAttemptsAndForgetsAfterTheWindow() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    MemoryAttemptLimiter limiter = new MemoryAttemptLimiter(new BackOff(2, Duration.ofSeconds(2), Duration.ofMinutes(1)),
        Duration.ofMinutes(5), clock, 100);
    assertEquals(Duration.ZERO, limiter.recordNow("a"));
    assertEquals(Duration.ZERO, limiter.recordNow("a"));
    assertTrue(limiter.blockedNow("a").isEmpty());
    assertEquals(Duration.ofSeconds(2), limiter.recordNow("a"));
    assertEquals(Duration.ofSeconds(2), limiter.blockedNow("a").orElseThrow());
    assertTrue(limiter.blockedNow("b").isEmpty(), "keys are counted apart");

    clock.advance(Duration.ofSeconds(3));
    assertTrue(limiter.blockedNow("a").isEmpty(), "the wait is over");
    assertEquals(Duration.ofSeconds(4), limiter.recordNow("a"), "the next failure waits twice as long");

    clock.advance(Duration.ofMinutes(6));
    assertEquals(Duration.ZERO, limiter.recordNow("a"), "after a quiet window the count starts again");
    limiter.recordNow("a");
    limiter.clear("a").await();
    assertEquals(Duration.ZERO, limiter.recordNow("a"));
  }

  @Test
  void memoryStaysBounded() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    MemoryAttemptLimiter limiter = new MemoryAttemptLimiter(new BackOff(1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
        Duration.ofMinutes(5), clock, 10);
    for (int i = 0; i < 1_000; i++) {
      limiter.recordNow("client-" + i);
      assertTrue(limiter.size() <= 10, "at most maxKeys clients remembered, was " + limiter.size());
    }
    limiter.recordNow("client-999");
    assertTrue(limiter.blockedNow("client-999").isPresent(), "the newest clients are the ones remembered");
  }
}
