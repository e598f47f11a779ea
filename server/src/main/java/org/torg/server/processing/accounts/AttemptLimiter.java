package org.torg.server.processing.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts attempts per key (a client address) in memory and answers how long the key must wait,
 * with {@link BackOff}. A key's count is forgotten after {@code window} without attempts. Memory
 * is bounded: past {@code maxKeys}, forgotten entries are dropped, then others (a flood of
 * addresses would otherwise grow the map without end; the database-side per-account limit holds). Per node: with several nodes a
 * client gets each node's allowance, which still caps guessing at a few per second.
 */
public final class AttemptLimiter {

  private record Entry(int attempts, Instant last, Instant blockedUntil) {}

  private final BackOff backOff;
  private final Duration window;
  private final Clock clock;
  private final int maxKeys;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public AttemptLimiter(BackOff backOff, Duration window, Clock clock, int maxKeys) {
    this.backOff = backOff;
    this.window = window;
    this.clock = clock;
    this.maxKeys = maxKeys;
  }

  /** How long this key must still wait, if it must. */
  public Optional<Duration> blocked(String key) {
    Entry entry = entries.get(key);
    Instant now = clock.instant();
    if (entry == null || !entry.blockedUntil().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, entry.blockedUntil()));
  }

  /** Counts one attempt; returns the wait it has earned (zero while attempts are free). */
  public Duration record(String key) {
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

  /** Forgets the key: e.g. a successful sign-in from that address. */
  public void clear(String key) {
    entries.remove(key);
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
