package org.torg.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.processing.accounts.AttemptLimiter;
import org.torg.server.processing.accounts.BackOff;
import org.torg.server.processing.accounts.SharedAttemptLimiter;
import org.torg.server.processing.moderation.InboundRateLimits;
import org.torg.server.processing.moderation.InboundRateLimits.Verdict;
import org.torg.server.support.TestDatabase;

/**
 * Limits counted in PostgreSQL hold across nodes: two limiters on their own pools (two nodes) of
 * one schema share one allowance, for sign-in back-off and for inbound activities per actor and
 * per server; long keys (actor URIs) are counted as well as short ones.
 */
class SharedRateLimitsTest {

  static Vertx vertx;
  static Pool nodeA;
  static Pool nodeB;

  @BeforeAll
  static void start() {
    String schema = TestDatabase.freshSchema();
    Migrations.apply(TestDatabase.url(), schema, Duration.ofSeconds(5));
    vertx = Vertx.vertx();
    nodeA = PgPools.create(vertx, TestDatabase.url(), schema, 2, Duration.ofSeconds(5));
    nodeB = PgPools.create(vertx, TestDatabase.url(), schema, 2, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    nodeA.close().await();
    nodeB.close().await();
    vertx.close().await();
  }

  @Test
  void twentyFreeSignInFailuresAcrossTwoNodesThenAWaitOnBoth() {
    AttemptLimiter a = new SharedAttemptLimiter(new RateCounterRepository(nodeA), "sign-in", BackOff.SIGN_IN_PER_ADDRESS,
        Duration.ofMinutes(15));
    AttemptLimiter b = new SharedAttemptLimiter(new RateCounterRepository(nodeB), "sign-in", BackOff.SIGN_IN_PER_ADDRESS,
        Duration.ofMinutes(15));
    for (int i = 0; i < 20; i++) {
      assertEquals(Duration.ZERO, (i % 2 == 0 ? a : b).record("203.0.113.7").await(), "attempt " + (i + 1) + " is free");
    }
    assertTrue(a.blocked("203.0.113.7").await().isEmpty());
    assertEquals(Duration.ofSeconds(2), b.record("203.0.113.7").await(), "the 21st, on either node, earns a wait");
    Duration left = a.blocked("203.0.113.7").await().orElseThrow(() -> new AssertionError("node A sees B's wait"));
    assertTrue(left.compareTo(Duration.ZERO) > 0 && left.compareTo(Duration.ofSeconds(2)) <= 0, left.toString());
    assertTrue(a.blocked("198.51.100.1").await().isEmpty(), "another address is counted apart");

    a.clear("203.0.113.7").await();
    assertTrue(b.blocked("203.0.113.7").await().isEmpty(), "a successful sign-in on A clears the count for B");
    assertEquals(Duration.ZERO, b.record("203.0.113.7").await());
  }

  @Test
  void inboundActivitiesAreCountedOncePerActorAndServerAcrossTwoNodes() {
    InboundRateLimits a = InboundRateLimits.shared(20, 30, new RateCounterRepository(nodeA));
    InboundRateLimits b = InboundRateLimits.shared(20, 30, new RateCounterRepository(nodeB));
    String actor = "https://spam.example/users/" + "x".repeat(300);
    for (int i = 0; i < 20; i++) {
      assertEquals(Verdict.WITHIN, (i % 2 == 0 ? a : b).count("spam.example", actor).await(), "activity " + (i + 1));
    }
    assertEquals(Verdict.ACTOR_OVER, a.count("spam.example", actor).await(), "the 21st of one actor");
    assertEquals(Verdict.ACTOR_OVER, b.count("spam.example", actor).await());
    for (int i = 0; i < 8; i++) {
      assertEquals(Verdict.WITHIN, b.count("spam.example", "https://spam.example/users/other").await(), "other " + (i + 1));
    }
    assertEquals(Verdict.DOMAIN_OVER, a.count("spam.example", "https://spam.example/users/third").await(),
        "the server's 31st activity, whoever sent it");
    assertEquals(Verdict.WITHIN, a.count("fine.example", "https://fine.example/users/a").await());
  }
}
