package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.app.Services;
import org.torg.server.db.InboxRepository.NewActivity;
import org.torg.server.db.InboxRepository.QueuedActivity;
import org.torg.server.support.RunningTorg;

/** Activities stored together: each request learns whether its own row was stored, and one bad row spoils no other. */
class InboxWritesTest {

  static RunningTorg torg;
  static Services services;

  @BeforeAll
  static void start() {
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test"));
    services = torg.torg().services();
  }

  @AfterAll
  static void stop() {
    torg.close();
  }

  private static NewActivity like(String id, String body) {
    return new NewActivity(id, "https://peer.test/users/a", "Like", null, body);
  }

  private static String json(String id) {
    return new JsonObject().put("id", id).put("type", "Like").put("actor", "https://peer.test/users/a")
        .put("object", "https://torg.test/x").encode();
  }

  @Test
  void rowsForThisNodesWorkerAreStoredClaimedByItAndHandedOverAsParsed() {
    // Node 77 holds its lock, as a live node does: no other worker claims its rows meanwhile.
    var lockHolder = services.pool().getConnection().await();
    try {
      lockHolder.query("SELECT pg_advisory_lock(hashtext(current_schema() || ':node'), 77)").execute().await();
      InboxHandoff handoff = new InboxHandoff();
      handoff.open(() -> 77);
      InboxWrites writes = new InboxWrites(services.inbox(), handoff);
      List<JsonObject> parsed = new ArrayList<>();
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = "https://peer.test/handed/" + i;
        parsed.add(new JsonObject(json(id)));
        answers.add(writes.insertIfNew(like(id, json(id)), parsed.get(i)));
      }
      answers.forEach(answer -> assertTrue(answer.await()));
      List<QueuedActivity> handed = handoff.take(100);
      assertEquals(20, handed.size());
      for (int i = 0; i < handed.size(); i++) {
        QueuedActivity row = handed.get(i);
        assertTrue(i == 0 || handed.get(i - 1).id() < row.id(), "oldest row first");
        assertEquals(1, row.attempts());
        assertTrue(parsed.stream().anyMatch(p -> p == row.body()), "the inbox's own parse, not a second one");
      }
      long claimed = services.pool().query("SELECT count(*) FROM inbox_activity WHERE activity_uri LIKE 'https://peer.test/handed/%'"
          + " AND state = 'queued' AND claimed_by = 77 AND attempts = 1 AND locked_until > now()").execute().await()
          .iterator().next().getLong(0);
      assertEquals(20, claimed);

      // A worker that stopped is handed nothing: its rows wait unclaimed in the table.
      handoff.close();
      String after = "https://peer.test/handed/after-close";
      assertTrue(writes.insertIfNew(like(after, json(after)), new JsonObject(json(after))).await());
      assertTrue(handoff.take(100).isEmpty());
      var row = services.pool().preparedQuery("SELECT claimed_by, attempts FROM inbox_activity WHERE activity_uri = $1")
          .execute(Tuple.of(after)).await().iterator().next();
      assertEquals(null, row.getInteger(0));
      assertEquals(0, row.getInteger(1));
    } finally {
      lockHolder.close().await();
    }
  }

  @Test
  void manyAtOnceAreStoredTogetherEachAnsweredForItself() {
    InboxWrites writes = new InboxWrites(services.inbox(), new InboxHandoff());
    List<Future<Boolean>> answers = new ArrayList<>();
    // More than the statements allowed in flight, so most of these wait and go in multi-row inserts.
    for (int i = 0; i < 100; i++) {
      String id = "https://peer.test/likes/many-" + i;
      answers.add(writes.insertIfNew(like(id, json(id))));
    }
    String repeated = "https://peer.test/likes/many-7";
    Future<Boolean> again = writes.insertIfNew(like(repeated, json(repeated)));
    String bad = "https://peer.test/likes/bad";
    // PostgreSQL's jsonb refuses \\u0000: this row fails, and only this one.
    Future<Boolean> refused = writes.insertIfNew(like(bad, "{\"id\":\"" + bad + "\",\"content\":\"\\u0000\"}"));
    String late = "https://peer.test/likes/late";
    Future<Boolean> afterBad = writes.insertIfNew(like(late, json(late)));

    for (Future<Boolean> answer : answers) {
      assertTrue(answer.await());
    }
    assertFalse(again.await());
    assertTrue(afterBad.await());
    assertTrue(refused.transform(r -> Future.succeededFuture(r.failed())).await());
    long stored = services.pool().preparedQuery("SELECT count(*) FROM inbox_activity WHERE activity_uri LIKE 'https://peer.test/likes/%'")
        .execute().await().iterator().next().getLong(0);
    assertEquals(101, stored);
    JsonObject body = (JsonObject) services.pool().preparedQuery("SELECT body FROM inbox_activity WHERE activity_uri = $1")
        .execute(Tuple.of(late)).await().iterator().next().getValue(0);
    assertEquals("Like", body.getString("type"));
  }

  @Test
  void aRepeatInTheSameBatchIsADuplicateOfItsFirstCopy() {
    InboxWrites writes = new InboxWrites(services.inbox(), new InboxHandoff());
    // The table locked from another connection holds the fillers' statements in flight, so the
    // two copies below wait together and go in one batch, however fast the database is.
    var locker = services.pool().getConnection().await();
    locker.query("BEGIN").execute().await();
    locker.query("LOCK TABLE inbox_activity IN EXCLUSIVE MODE").execute().await();
    List<Future<Boolean>> fillers = new ArrayList<>();
    for (int i = 0; i < InboxWrites.MAX_STATEMENTS; i++) {
      String id = "https://peer.test/likes/filler-" + i;
      fillers.add(writes.insertIfNew(like(id, json(id))));
    }
    String id = "https://peer.test/likes/twice";
    Future<Boolean> first = writes.insertIfNew(like(id, json(id)));
    Future<Boolean> second = writes.insertIfNew(like(id, json(id)));
    assertFalse(first.isComplete() || second.isComplete(), "waiting behind the fillers");
    locker.query("COMMIT").execute().await();
    locker.close().await();
    fillers.forEach(f -> f.await());
    assertTrue(first.await());
    assertFalse(second.await());
  }
}
