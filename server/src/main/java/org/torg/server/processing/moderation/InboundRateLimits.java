package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.torg.server.db.RateCounterRepository;

/**
 * Counts verified inbound activities per remote actor and per server in fixed one-minute windows:
 * in this node's memory when it runs alone, or in PostgreSQL when several nodes share the limits
 * ({@link #shared}; one statement per activity for both counters). Memory is bounded: past
 * {@link #MAX_KEYS} counters the map is cleared, which at worst grants a fresh minute to a flood
 * of new keys.
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
  /** Null: this node counts alone, in memory. */
  private final RateCounterRepository counters;

  /** Limits per minute, counted by this node alone; 0 turns a limit off. */
  public InboundRateLimits(int perActor, int perDomain, Clock clock) {
    this(perActor, perDomain, clock, null);
  }

  private InboundRateLimits(int perActor, int perDomain, Clock clock, RateCounterRepository counters) {
    this.perActor = perActor;
    this.perDomain = perDomain;
    this.clock = clock;
    this.counters = counters;
  }

  /** Limits per minute that every node counts together, in PostgreSQL (cluster.enabled). */
  public static InboundRateLimits shared(int perActor, int perDomain, RateCounterRepository counters) {
    return new InboundRateLimits(perActor, perDomain, Clock.systemUTC(), counters);
  }

  /** Counts one activity; the domain is counted even when the actor is over, so a flood is seen whole. */
  public Future<Verdict> count(String host, String actorUri) {
    if (counters == null) {
      return Future.succeededFuture(countHere(host, actorUri));
    }
    List<String> keys = new ArrayList<>(2);
    if (perDomain > 0) {
      keys.add("inbound-domain:" + host);
    }
    if (perActor > 0) {
      keys.add("inbound-actor:" + actorUri);
    }
    if (keys.isEmpty()) {
      return Future.succeededFuture(Verdict.WITHIN);
    }
    return counters.hit(keys, Duration.ofMillis(WINDOW_MILLIS)).map(counts -> {
      boolean domainOver = perDomain > 0 && counts.get(0) > perDomain;
      boolean actorOver = perActor > 0 && counts.get(perDomain > 0 ? 1 : 0) > perActor;
      return actorOver ? Verdict.ACTOR_OVER : domainOver ? Verdict.DOMAIN_OVER : Verdict.WITHIN;
    });
  }

  private Verdict countHere(String host, String actorUri) {
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
