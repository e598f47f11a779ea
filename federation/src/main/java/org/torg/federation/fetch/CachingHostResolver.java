package org.torg.federation.fetch;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers what a name resolved to for a few seconds. The JVM caches lookups already (30 s),
 * but asking it means a hop to a worker thread and back for every delivery, which at thousands
 * of deliveries a second to the same few hosts costs more than the lookups. Failures are not
 * remembered: a name that did not resolve is asked again next time.
 */
public final class CachingHostResolver implements HostResolver {

  /** Shorter than the JVM's own positive cache, so an answer is never kept longer than it would be anyway. */
  static final Duration TTL = Duration.ofSeconds(10);
  /** Past this many names the cache starts again: a bound, not an eviction policy worth tuning. */
  static final int MAX_NAMES = 10_000;

  private record Entry(List<InetAddress> addresses, long expiresNanos) {}

  private final HostResolver resolver;
  private final LongSupplier nanoClock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  public CachingHostResolver(HostResolver resolver) {
    this(resolver, System::nanoTime);
  }

  /** For tests: a clock that moves when the test says. */
  CachingHostResolver(HostResolver resolver, LongSupplier nanoClock) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  @Override
  public Future<List<InetAddress>> resolve(String hostName) {
    Entry known = cache.get(hostName);
    long now = nanoClock.getAsLong();
    if (known != null && now - known.expiresNanos() < 0) {
      return Future.succeededFuture(known.addresses());
    }
    return resolver.resolve(hostName).onSuccess(addresses -> {
      if (cache.size() >= MAX_NAMES) {
        cache.clear();
      }
      cache.put(hostName, new Entry(List.copyOf(addresses), nanoClock.getAsLong() + TTL.toNanos()));
    });
  }

  @Override
  public Future<Void> close() {
    return resolver.close();
  }
}
