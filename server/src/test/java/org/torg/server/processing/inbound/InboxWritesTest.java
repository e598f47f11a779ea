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
  void manyAtOnceAreStoredTogetherEachAnsweredForItself() {
    InboxWrites writes = new InboxWrites(services.inbox());
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
    InboxWrites writes = new InboxWrites(services.inbox());
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
