package org.torg.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.db.InboxRepository.NewActivity;
import org.torg.server.support.TestDatabase;

/** A batch's outcomes written at once: done rows, rows to retry later, rows given up. */
class InboxRepositoryTest {

  static Vertx vertx;
  static Pool pool;
  static InboxRepository inbox;

  @BeforeAll
  static void start() {
    // The repository alone on a migrated schema: no worker of a running Torg processes these rows meanwhile.
    String schema = TestDatabase.freshSchema();
    Migrations.apply(TestDatabase.url(), schema, Duration.ofSeconds(5));
    vertx = Vertx.vertx();
    pool = PgPools.create(vertx, TestDatabase.url(), schema, 2, Duration.ofSeconds(5));
    inbox = new InboxRepository(pool);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private long store(String id) {
    inbox.insertIfNew(new NewActivity(id, "https://peer.test/users/a", "Like", null, "{\"id\":\"" + id + "\"}")).await();
    return pool.preparedQuery("SELECT id FROM inbox_activity WHERE activity_uri = $1").execute(Tuple.of(id)).await()
        .iterator().next().getLong(0);
  }

  private Row row(long id) {
    return pool.preparedQuery("SELECT state, outcome, last_error, processed_at, next_attempt_at > now() + interval '50 seconds' AS later"
        + " FROM inbox_activity WHERE id = $1").execute(Tuple.of(id)).await().iterator().next();
  }

  @Test
  void outcomesOfABatchAreWrittenTogether() {
    long done = store("https://peer.test/a/done");
    long retry = store("https://peer.test/a/retry");
    long givenUp = store("https://peer.test/a/given-up");

    inbox.markDone(List.of(done), List.of("liked")).await();
    inbox.markFailed(List.of(retry, givenUp), List.of("peer down", "no such post"), Arrays.asList(60.0, null)).await();

    assertEquals("done", row(done).getString("state"));
    assertEquals("liked", row(done).getString("outcome"));
    Row later = row(retry);
    assertEquals("queued", later.getString("state"));
    assertEquals("peer down", later.getString("last_error"));
    assertTrue(later.getBoolean("later"));
    assertNull(later.getValue("processed_at"));
    Row failed = row(givenUp);
    assertEquals("failed", failed.getString("state"));
    assertEquals("no such post", failed.getString("last_error"));
    assertNotNull(failed.getValue("processed_at"));
  }
}
