package org.torg.server.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: no fixed sleeps in tests. */
public final class Eventually {

  private Eventually() {}

  public static void holds(String what, Duration limit, Supplier<Boolean> condition) {
    holds(what, limit, condition, () -> "");
  }

  /** As above, adding {@code diagnosis} (e.g. the state of a queue) to the failure message. */
  public static void holds(String what, Duration limit, Supplier<Boolean> condition, Supplier<String> diagnosis) {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      if (Boolean.TRUE.equals(condition.get())) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what);
      }
    }
    throw new AssertionError("not within " + limit.toMillis() + " ms: " + what + " " + diagnosis.get());
  }
}
