package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts attempts per key (a client address) in this node's memory and answers how long the key
 * must wait, with {@link BackOff}: one node alone (cluster.enabled false). A key's count is forgotten after {@code window} without attempts. Memory
 * is bounded: past {@code maxKeys}, forgotten entries are dropped, then others (a flood of
 * addresses would otherwise grow the map without end; the database-side per-account limit holds).
 * Several nodes count together in PostgreSQL instead ({@link SharedAttemptLimiter}).
 */
public final class MemoryAttemptLimiter implements AttemptLimiter {

  private record Entry(int attempts, Instant last, Instant blockedUntil) {}

  private final BackOff backOff;
  private final Duration window;
  private final Clock clock;
  private final int maxKeys;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public MemoryAttemptLimiter(BackOff backOff, Duration window, Clock clock, int maxKeys) {
    this.backOff = backOff;
    this.window = window;
    this.clock = clock;
    this.maxKeys = maxKeys;
  }

  @Override
  public Future<Optional<Duration>> blocked(String key) {
    return Future.succeededFuture(blockedNow(key));
  }

  /** How long this key must still wait, if it must. */
  Optional<Duration> blockedNow(String key) {
    Entry entry = entries.get(key);
    Instant now = clock.instant();
    if (entry == null || !entry.blockedUntil().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, entry.blockedUntil()));
  }

  @Override
  public Future<Duration> record(String key) {
    return Future.succeededFuture(recordNow(key));
  }

  /** Counts one attempt; returns the wait it has earned (zero while attempts are free). */
  Duration recordNow(String key) {
    Instant now = clock.instant();
    if (entries.size() >= maxKeys && !entries.containsKey(key)) {
      evict(now);
    }
    Entry entry = entries.compute(key, (k, old) -> {
      int attempts = old == null || old.last().plus(window).isBefore(now) ? 1 : old.attempts() + 1;
      return new Entry(attempts, now, now.plus(backOff.after(attempts)));
    });
    return Duration.between(now, entry.blockedUntil());
  }

  @Override
  public Future<Void> clear(String key) {
    entries.remove(key);
    return Future.succeededFuture();
  }

  int size() {
    return entries.size();
  }

  private void evict(Instant now) {
    entries.values().removeIf(e -> e.last().plus(window).isBefore(now) && !e.blockedUntil().isAfter(now));
    Iterator<Map.Entry<String, Entry>> any = entries.entrySet().iterator();
    while (entries.size() >= maxKeys && any.hasNext()) {
      any.next();
      any.remove();
    }
  }
}
