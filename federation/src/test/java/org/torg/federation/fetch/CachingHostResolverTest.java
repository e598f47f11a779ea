package org.torg.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A name is asked once per TTL; a failure is asked again at once. The clock is the test's. */
class CachingHostResolverTest {

  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger asked = new AtomicInteger();

  private HostResolver counting(boolean fail) {
    return name -> {
      asked.incrementAndGet();
      return fail
          ? Future.failedFuture(new UnknownHostException(name))
          : Future.succeededFuture(List.of(InetAddress.getLoopbackAddress()));
    };
  }

  @Test
  void answersFromMemoryUntilTheTtlRunsOut() {
    CachingHostResolver resolver = new CachingHostResolver(counting(false), clock::get);
    assertEquals(List.of(InetAddress.getLoopbackAddress()), resolver.resolve("peer.test").result());
    clock.addAndGet(CachingHostResolver.TTL.toNanos() - 1);
    assertEquals(List.of(InetAddress.getLoopbackAddress()), resolver.resolve("peer.test").result());
    assertEquals(1, asked.get());
    clock.addAndGet(1);
    resolver.resolve("peer.test");
    assertEquals(2, asked.get());
    resolver.resolve("other.test");
    assertEquals(3, asked.get());
  }

  @Test
  void doesNotRememberFailures() {
    CachingHostResolver resolver = new CachingHostResolver(counting(true), clock::get);
    assertTrue(resolver.resolve("gone.test").failed());
    assertTrue(resolver.resolve("gone.test").failed());
    assertEquals(2, asked.get());
  }
}
