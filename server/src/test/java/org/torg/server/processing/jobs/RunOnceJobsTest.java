package org.torg.server.processing.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.db.Migrations;
import org.torg.server.db.NodeLocks;
import org.torg.server.db.PgPools;
import org.torg.server.support.Eventually;
import org.torg.server.support.TestDatabase;

/**
 * Two nodes schedule the same job: only the lock holder runs it, and when the holder's database
 * connection ends (the node died) the other takes over within the takeover period.
 */
class RunOnceJobsTest {

  static Vertx vertx;
  static String schema;

  @BeforeAll
  static void start() {
    schema = TestDatabase.freshSchema();
    Migrations.apply(TestDatabase.url(), schema, Duration.ofSeconds(5));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static NodeLocks node() {
    NodeLocks locks = new NodeLocks(vertx, PgPools.single(vertx, TestDatabase.url(), schema, Duration.ofSeconds(5)));
    locks.start().await();
    return locks;
  }

  @Test
  void onlyTheLockHolderRunsTheJobAndAnotherNodeTakesOverWithinTheTakeoverPeriod() throws Exception {
    AtomicInteger runsOnA = new AtomicInteger();
    AtomicInteger runsOnB = new AtomicInteger();
    NodeLocks locksA = node();
    NodeLocks locksB = node();
    Duration takeover = Duration.ofMillis(300);
    RunOnceJobs a = new RunOnceJobs(vertx, locksA, takeover, List.of(new RunOnceJobs.Job("count", Duration.ofMillis(100), () -> {
      runsOnA.incrementAndGet();
      return Future.succeededFuture();
    })));
    RunOnceJobs b = new RunOnceJobs(vertx, locksB, takeover, List.of(new RunOnceJobs.Job("count", Duration.ofMillis(100), () -> {
      runsOnB.incrementAndGet();
      return Future.succeededFuture();
    })));
    try {
      a.start();
      Eventually.holds("node A leads", Duration.ofSeconds(5), a::leading);
      b.start();
      Thread.sleep(1_000);
      assertTrue(runsOnA.get() >= 5, "A runs the job at its period: " + runsOnA.get());
      assertEquals(0, runsOnB.get(), "B never runs it while A holds the lock");

      a.stop();
      locksA.close().await(); // as when node A dies: its connection, and with it its lock, is gone
      long lost = System.nanoTime();
      Eventually.holds("node B takes over", Duration.ofSeconds(5), () -> runsOnB.get() > 0);
      long tookMillis = (System.nanoTime() - lost) / 1_000_000;
      assertTrue(tookMillis < 1_000, "taken over within the takeover period (300 ms) and a tick: " + tookMillis + " ms");
      assertTrue(b.leading());
    } finally {
      a.stop();
      b.stop();
      locksA.close().await();
      locksB.close().await();
    }
  }
}
