package org.torg.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.TestDatabase;

/**
 * Two nodes on one schema: each holds its own node lock, a job lock is held by one of them until
 * its connection ends, a queue row claimed by a node that is gone is claimed again at once (not
 * after its two-minute lease), and a statement that queues rows wakes every listening node.
 */
class NodeLocksTest {

  static Vertx vertx;
  static String schema;
  static Pool pool;

  @BeforeAll
  static void start() {
    schema = TestDatabase.freshSchema();
    Migrations.apply(TestDatabase.url(), schema, Duration.ofSeconds(5));
    vertx = Vertx.vertx();
    pool = PgPools.create(vertx, TestDatabase.url(), schema, 2, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private static NodeLocks node() {
    NodeLocks locks = new NodeLocks(vertx, PgPools.single(vertx, TestDatabase.url(), schema, Duration.ofSeconds(5)));
    locks.start().await();
    return locks;
  }

  @Test
  void aJobLockIsHeldByOneNodeUntilItsConnectionEnds() {
    NodeLocks a = node();
    NodeLocks b = node();
    try {
      assertNotEquals(a.node(), b.node());
      assertTrue(a.tryLock(7).await());
      assertTrue(a.holds(7));
      assertFalse(b.tryLock(7).await(), "held by a");
      assertFalse(b.holds(7));
      a.close().await();
      assertTrue(b.tryLock(7).await(), "a's connection ended, so its lock is free");
    } finally {
      a.close().await();
      b.close().await();
    }
  }

  @Test
  void aRowClaimedByANodeThatIsGoneIsClaimedAgainAtOnce() {
    long actor = pool.query("INSERT INTO actor (uri, type, username, host, inbox, local)"
        + " VALUES ('http://127.0.0.1/actor', 'Application', 'instance', '127.0.0.1', 'http://127.0.0.1/inbox', true)"
        + " RETURNING id").execute().await().iterator().next().getLong(0);
    long activity = pool.preparedQuery("INSERT INTO outbox_activity (uri, actor_id, type, body)"
        + " VALUES ('http://127.0.0.1/activities/1', $1, 'Create', '{}') RETURNING id").execute(Tuple.of(actor)).await()
        .iterator().next().getLong(0);
    pool.preparedQuery("INSERT INTO delivery (activity_id, inbox, host) VALUES ($1, 'http://peer.test/inbox', 'peer.test')")
        .execute(Tuple.of(activity)).await();
    DeliveryRepository deliveries = new DeliveryRepository(pool);
    NodeLocks a = node();
    NodeLocks b = node();
    try {
      assertEquals(1, deliveries.claim(10, Duration.ofMinutes(2), a.node()).await().size());
      assertEquals(0, deliveries.claim(10, Duration.ofMinutes(2), b.node()).await().size(), "a is alive and holds it");
      a.close().await();
      assertEquals(1, deliveries.claim(10, Duration.ofMinutes(2), b.node()).await().size(), "a is gone: b takes it now");
      assertEquals(b.node(), pool.query("SELECT claimed_by FROM delivery").execute().await().iterator().next().getInteger(0));
    } finally {
      a.close().await();
      b.close().await();
    }
  }

  @Test
  void queuingRowsWakesEveryListeningNode() throws Exception {
    CompletableFuture<Void> wokeFirst = new CompletableFuture<>();
    CompletableFuture<Void> wokeSecond = new CompletableFuture<>();
    vertx.eventBus().localConsumer("test.wake.first", m -> wokeFirst.complete(null));
    vertx.eventBus().localConsumer("test.wake.second", m -> wokeSecond.complete(null));
    var connect = PgPools.connectOptions(TestDatabase.url(), schema);
    var first = new QueueNotifications(vertx, connect, schema, Map.of(QueueNotifications.INBOX, "test.wake.first"));
    var second = new QueueNotifications(vertx, connect, schema, Map.of(QueueNotifications.INBOX, "test.wake.second"));
    try {
      first.start().await();
      second.start().await();
      new InboxRepository(pool).insertIfNew(new InboxRepository.NewActivity("https://peer.test/a/1", "https://peer.test/users/a",
          "Like", null, "{}")).await();
      wokeFirst.get(5, TimeUnit.SECONDS);
      wokeSecond.get(5, TimeUnit.SECONDS);
    } finally {
      first.close().await();
      second.close().await();
    }
  }
}
