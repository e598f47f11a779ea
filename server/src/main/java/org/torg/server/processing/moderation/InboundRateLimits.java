package org.torg.server.processing.moderation;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts verified inbound activities per remote actor and per server in fixed one-minute windows
 * (per node). Memory is bounded: past {@link #MAX_KEYS} counters the map is cleared, which at
 * worst grants a fresh minute to a flood of new keys.
 */
public final class InboundRateLimits {

  private static final int MAX_KEYS = 200_000;
  private static final long WINDOW_MILLIS = 60_000;

  public enum Verdict { WITHIN, ACTOR_OVER, DOMAIN_OVER }

  private record Window(long start, int count) {}

  private final int perActor;
  private final int perDomain;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Limits per minute; 0 turns a limit off. */
  public InboundRateLimits(int perActor, int perDomain, Clock clock) {
    this.perActor = perActor;
    this.perDomain = perDomain;
    this.clock = clock;
  }

  /** Counts one activity; the domain is counted even when the actor is over, so a flood is seen whole. */
  public Verdict count(String host, String actorUri) {
    if (windows.size() > MAX_KEYS) {
      windows.clear();
    }
    long now = clock.millis();
    boolean domainOver = perDomain > 0 && tick("d:" + host, now) > perDomain;
    boolean actorOver = perActor > 0 && tick("a:" + actorUri, now) > perActor;
    return actorOver ? Verdict.ACTOR_OVER : domainOver ? Verdict.DOMAIN_OVER : Verdict.WITHIN;
  }

  private int tick(String key, long now) {
    return windows.compute(key, (k, w) -> w == null || now - w.start() >= WINDOW_MILLIS ? new Window(now, 1)
        : new Window(w.start(), w.count() + 1)).count();
  }
}
