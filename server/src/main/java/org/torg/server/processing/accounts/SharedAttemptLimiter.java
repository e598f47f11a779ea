package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import org.torg.server.db.RateCounterRepository;

/**
 * {@link AttemptLimiter} for several nodes: the attempts and the wait they earned are rows every
 * node counts in (cluster.enabled), so an address gets one allowance, not one per node. One
 * statement per attempt, one more when it earns a wait, one per check.
 */
public final class SharedAttemptLimiter implements AttemptLimiter {

  private final RateCounterRepository counters;
  private final String kind;
  private final BackOff backOff;
  private final Duration window;

  /**
   * @param kind what is limited ("sign-in", "registration"): keys of different limits never meet
   * @param window a key's count is forgotten after this without attempts
   */
  public SharedAttemptLimiter(RateCounterRepository counters, String kind, BackOff backOff, Duration window) {
    this.counters = counters;
    this.kind = kind;
    this.backOff = backOff;
    this.window = window;
  }

  @Override
  public Future<Optional<Duration>> blocked(String key) {
    return counters.blocked(rowKey(key));
  }

  @Override
  public Future<Duration> record(String key) {
    String row = rowKey(key);
    return counters.attempt(row, window).compose(attempts -> {
      Duration wait = backOff.after(attempts);
      return wait.isZero() ? Future.succeededFuture(wait) : counters.block(row, wait).map(wait);
    });
  }

  @Override
  public Future<Void> clear(String key) {
    return counters.clear(rowKey(key));
  }

  private String rowKey(String key) {
    return kind + ":" + key;
  }
}
