package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.SseClient;
import org.torg.server.support.TestDatabase;

/**
 * Live streams across two nodes of one instance on one database (127.0.0.110 and .111, not
 * clustered: the events travel through PostgreSQL's LISTEN/NOTIFY alone). What is written through
 * node A (or arrives in its inbox) reaches a listener on node B; a resumed stream replays what it
 * missed; node A's stream limits are tiny (2 per client, 3 in all) to prove its refusals.
 */
class LiveStreamsTest {

  static Vertx vertx;
  static RunningTorg a;
  static RunningTorg b;
  static ApiClient apiA;
  static FakePeer peer;
  static String admin;
  static String citizen;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    String schema = TestDatabase.freshSchema();
    a = RunningTorg.startOnSchema(schema, Map.of("TORG_PUBLIC_URL", "http://live.test", "TORG_HTTP_HOST", "127.0.0.110",
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true", "TORG_HTTP_BEHIND_PROXY", "true",
        "TORG_LIVE_MAX_STREAMS_PER_CLIENT", "2", "TORG_LIVE_MAX_STREAMS", "3"));
    // Every node opens the private keys with the same keyset.
    b = RunningTorg.startOnSchema(schema, Map.of("TORG_PUBLIC_URL", "http://live.test", "TORG_HTTP_HOST", "127.0.0.111",
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true", "TORG_SECRETS_KEYSET", a.config().secretsKeysetPath().toString()));
    apiA = a.api(vertx);
    admin = apiA.newAdmin("host").accessToken();
    citizen = apiA.newCitizen("reader").accessToken();
    apiA.post("/api/v1/groups", admin, new JsonObject().put("name", "square"));
    apiA.send(HttpMethod.PUT, "/api/v1/groups/square/members/reader", admin, new JsonObject().put("role", "member"));
    peer = FakePeer.start(vertx);
    peer.addActor("rita");
  }

  @AfterAll
  static void stop() {
    peer.close();
    b.close();
    a.close();
    vertx.close().await();
  }

  private static JsonObject thread(String title) {
    var r = apiA.post("/api/v1/groups/square/threads", admin, new JsonObject().put("title", title).put("content", "Text"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static JsonObject reply(String token, String postId, String content) {
    var r = apiA.post("/api/v1/posts/" + postId + "/replies", token, new JsonObject().put("content", content));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static SseClient streamOnB(String path, Map<String, String> headers) {
    SseClient sse = SseClient.open(vertx, "127.0.0.111", b.port(), path, headers);
    assertEquals(200, sse.status());
    assertTrue(sse.response().getHeader("Content-Type").startsWith("text/event-stream"));
    return sse;
  }

  private static SseClient streamOnA(String forwardedFor, String path) {
    return SseClient.open(vertx, "127.0.0.110", a.port(), path, Map.of("X-Forwarded-For", forwardedFor));
  }

  @Test
  void aReplyPostedThroughNodeAReachesAListenerOnNodeBWithinASecond() throws Exception {
    JsonObject t = thread("Benches");
    String rootId = t.getJsonObject("root").getString("id");
    try (SseClient sse = streamOnB("/api/v1/threads/" + t.getString("id") + "/stream", Map.of())) {
      JsonObject posted = reply(admin, rootId, "More benches by the pond");
      long sent = System.nanoTime();
      SseClient.Event event = sse.next(Duration.ofSeconds(1));
      long tookMillis = (System.nanoTime() - sent) / 1_000_000;
      assertNotNull(event, "no event within 1 s");
      assertTrue(tookMillis <= 1_000, "took " + tookMillis + " ms");
      assertEquals("post", event.name());
      assertEquals(posted.getString("id"), event.data().getString("id"));
      assertEquals(rootId, event.data().getString("inReplyTo"));
      assertTrue(event.data().getString("content").contains("More benches by the pond"), event.data().encode());
    }
  }

  @Test
  void aResumedStreamReplaysExactlyWhatItMissedThenGoesOnLive() throws Exception {
    JsonObject t = thread("Lights");
    String rootId = t.getJsonObject("root").getString("id");
    String path = "/api/v1/threads/" + t.getString("id") + "/stream";
    long seen;
    try (SseClient sse = streamOnB(path, Map.of())) {
      reply(admin, rootId, "First");
      seen = sse.next(Duration.ofSeconds(5)).id();
    }
    // Missed while away: a reply, a like of it, an edit of it, and its deletion.
    String second = reply(citizen, rootId, "Second").getString("id");
    assertEquals(204, apiA.post("/api/v1/posts/" + second + "/like", admin, null).statusCode());
    assertEquals(200, apiA.send(HttpMethod.PATCH, "/api/v1/posts/" + second, citizen, new JsonObject().put("content", "Second, edited"))
        .statusCode());
    assertEquals(204, apiA.send(HttpMethod.DELETE, "/api/v1/posts/" + second, citizen, null).statusCode());

    String third;
    try (SseClient sse = streamOnB(path, Map.of("Last-Event-ID", Long.toString(seen)))) {
      List<SseClient.Event> replayed = take(sse, 4);
      assertEquals(List.of("post", "likes", "edit", "delete"), replayed.stream().map(SseClient.Event::name).toList());
      replayed.forEach(e -> assertEquals(second, e.data().getString("id")));
      assertTrue(replayed.get(0).id() > seen);
      assertEquals(1, replayed.get(1).data().getInteger("likes"));
      // Each event shows the post as it is now: edited, then deleted.
      assertNotNull(replayed.get(2).data().getString("editedAt"));
      assertTrue(replayed.get(3).data().getBoolean("deleted"));
      // Nothing more was missed, and what happens now follows the replay.
      assertNull(sse.next(Duration.ofMillis(300)));
      third = reply(admin, rootId, "Third").getString("id");
      SseClient.Event live = sse.next(Duration.ofSeconds(5));
      assertEquals("post", live.name());
      assertEquals(third, live.data().getString("id"));
    }
    // The query parameter resumes alike (for clients that cannot set the header).
    try (SseClient sse = streamOnB(path + "?lastEventId=" + seen, Map.of())) {
      List<SseClient.Event> replayed = take(sse, 5);
      assertEquals(List.of(second, second, second, second, third),
          replayed.stream().map(e -> e.data().getString("id")).toList());
      assertNull(sse.next(Duration.ofMillis(300)));
    }
  }

  private static List<SseClient.Event> take(SseClient sse, int n) throws InterruptedException {
    List<SseClient.Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SseClient.Event e = sse.next(Duration.ofSeconds(5));
      assertNotNull(e, "only " + events + " came");
      if (!events.isEmpty()) {
        assertTrue(e.id() > events.get(events.size() - 1).id(), "in order");
      }
      events.add(e);
    }
    return events;
  }

  @Test
  void anEventWhoseTransactionCommitsAfterALaterOnesIsStillSent() throws Exception {
    JsonObject slow = thread("Queues");
    String slowRoot = slow.getJsonObject("root").getString("id");
    JsonObject quick = thread("Ticket machines");
    String quickRoot = quick.getJsonObject("root").getString("id");
    try (SseClient slowStream = streamOnB("/api/v1/threads/" + slow.getString("id") + "/stream", Map.of());
        SseClient quickStream = streamOnB("/api/v1/threads/" + quick.getString("id") + "/stream", Map.of())) {
      // A slow writer takes an event id and holds its transaction open...
      var connection = a.torg().services().pool().getConnection().await();
      try {
        var tx = connection.begin().await();
        connection.query("UPDATE post SET like_count = like_count + 5 WHERE id = " + Long.parseLong(slowRoot)).execute().await();
        // ...while a later event (another thread's) commits and is read first: the feed is past it.
        String quickReply = reply(admin, quickRoot, "Quick").getString("id");
        SseClient.Event first = quickStream.next(Duration.ofSeconds(5));
        assertEquals(quickReply, first.data().getString("id"));
        tx.commit().await();
        SseClient.Event late = slowStream.next(Duration.ofSeconds(5));
        assertNotNull(late, "the late-committed event never came");
        assertEquals("likes", late.name());
        assertEquals(slowRoot, late.data().getString("id"));
        assertTrue(late.id() < first.id());
        assertEquals(5, late.data().getInteger("likes"));
      } finally {
        connection.close().await();
      }
    }
  }

  @Test
  void aRemoteReplyArrivingInTheInboxReachesAListener() throws Exception {
    JsonObject t = thread("Trees");
    String rootUri = t.getJsonObject("root").getString("uri");
    try (SseClient sse = streamOnB("/api/v1/threads/" + t.getString("id") + "/stream", Map.of())) {
      String id = peer.base() + "/notes/" + UUID.randomUUID();
      JsonObject note = new JsonObject().put("id", id).put("type", "Note").put("attributedTo", peer.actorUri("rita"))
          .put("inReplyTo", rootUri).put("content", "<p>Oaks, please</p>").put("published", Instant.now().toString())
          .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
      var r = peer.post("127.0.0.110", a.port(), "live.test", "/inbox", peer.activity("Create", "rita", note), "rita",
          SignatureFormat.DRAFT_CAVAGE);
      assertEquals(202, r.statusCode(), r.bodyAsString());
      SseClient.Event event = sse.next(Duration.ofSeconds(15));
      assertNotNull(event);
      assertEquals("post", event.name());
      assertEquals(id, event.data().getString("uri"));
      assertTrue(event.data().getString("content").contains("Oaks, please"));
    }
  }

  @Test
  void aSignedInPersonsNotificationsStreamOnAnotherNode() throws Exception {
    JsonObject t = thread("Paths");
    String rootId = t.getJsonObject("root").getString("id");
    String mine = reply(citizen, rootId, "Gravel paths").getString("id");
    try (SseClient sse = streamOnB("/api/v1/notifications/stream", Map.of("Authorization", "Bearer " + citizen))) {
      String answer = reply(admin, mine, "Or stone?").getString("id");
      SseClient.Event event = sse.next(Duration.ofSeconds(5));
      assertNotNull(event);
      assertEquals("notification", event.name());
      assertEquals("reply", event.data().getString("kind"));
      assertEquals(answer, event.data().getJsonObject("post").getString("id"));
      assertEquals("@host@live.test", event.data().getJsonObject("from").getString("handle"));
    }
  }

  @Test
  void aNodeShuttingDownEndsItsStreamsAtOnceAndOldEventsArePruned() throws Exception {
    JsonObject t = thread("Closing time");
    RunningTorg c = RunningTorg.startOnSchema(a.config().database().schema(), Map.of("TORG_PUBLIC_URL", "http://live.test",
        "TORG_HTTP_HOST", "127.0.0.112", "TORG_SECRETS_KEYSET", a.config().secretsKeysetPath().toString(),
        "TORG_HTTP_SHUTDOWN_GRACE_SECONDS", "10"));
    SseClient sse = SseClient.open(vertx, "127.0.0.112", c.port(), "/api/v1/threads/" + t.getString("id") + "/stream", Map.of());
    try {
      assertEquals(200, sse.status());
      long start = System.nanoTime();
      c.close();
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      // The grace period (http.shutdown_grace_seconds) is 10 s: an open stream does not hold the node that long.
      assertTrue(tookMillis < 8_000, "stopping took " + tookMillis + " ms");
      sse.ended().await(5, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      sse.close();
    }

    // Events older than the retention are pruned; newer ones stay.
    var pool = a.torg().services().pool();
    long threadId = Long.parseLong(t.getString("id"));
    reply(admin, t.getJsonObject("root").getString("id"), "Last orders");
    pool.query("UPDATE thread_event SET at = now() - interval '2 days' WHERE thread_id = " + threadId).execute().await();
    long others = pool.query("SELECT count(*) FROM thread_event WHERE thread_id <> " + threadId).execute().await()
        .iterator().next().getLong(0);
    int pruned = new org.torg.server.db.ThreadEventRepository(pool).prune(Duration.ofHours(24)).await();
    assertTrue(pruned >= 2, "pruned " + pruned);
    assertEquals(0L, pool.query("SELECT count(*) FROM thread_event WHERE thread_id = " + threadId).execute().await()
        .iterator().next().getLong(0));
    assertEquals(others, pool.query("SELECT count(*) FROM thread_event WHERE thread_id <> " + threadId).execute().await()
        .iterator().next().getLong(0));
  }

  @Test
  void refusedStreamsSayWhy() {
    try (SseClient missing = SseClient.open(vertx, "127.0.0.111", b.port(), "/api/v1/threads/999999/stream", Map.of())) {
      assertEquals(404, missing.status());
      assertEquals("not_found", new JsonObject(missing.body()).getString("error"));
    }
    try (SseClient anonymous = SseClient.open(vertx, "127.0.0.111", b.port(), "/api/v1/notifications/stream", Map.of())) {
      assertEquals(401, anonymous.status());
    }
    JsonObject gone = thread("Gone");
    assertEquals(204, apiA.send(HttpMethod.DELETE, "/api/v1/posts/" + gone.getJsonObject("root").getString("id"), admin, null)
        .statusCode());
    try (SseClient deleted = SseClient.open(vertx, "127.0.0.111", b.port(), "/api/v1/threads/" + gone.getString("id") + "/stream",
        Map.of())) {
      assertEquals(410, deleted.status(), "as GET /api/v1/threads/{id} answers");
    }
    String path = "/api/v1/threads/" + thread("Bins").getString("id") + "/stream";
    try (SseClient bad = SseClient.open(vertx, "127.0.0.111", b.port(), path, Map.of("Last-Event-ID", "yesterday"))) {
      assertEquals(400, bad.status());
      assertEquals("bad_last_event_id", new JsonObject(bad.body()).getString("error"));
    }
  }

  @Test
  void theLimitsRefuseWithAClearErrorAndFreeUpWhenAStreamCloses() {
    String path = "/api/v1/threads/" + thread("Fountains").getString("id") + "/stream";
    SseClient first = streamOnA("203.0.113.1", path);
    SseClient second = streamOnA("203.0.113.1", path);
    try (SseClient third = streamOnA("203.0.113.1", path)) {
      assertEquals(200, first.status());
      assertEquals(200, second.status());
      assertEquals(429, third.status());
      assertEquals("too_many_streams", new JsonObject(third.body()).getString("error"));
      assertNotNull(third.response().getHeader("Retry-After"));
    }
    SseClient other = streamOnA("203.0.113.2", path);
    assertEquals(200, other.status());
    try (SseClient full = streamOnA("203.0.113.3", path)) {
      assertEquals(503, full.status());
      assertEquals("streams_full", new JsonObject(full.body()).getString("error"));
      assertNotNull(full.response().getHeader("Retry-After"));
    }
    first.close();
    Eventually.holds("the closed stream frees its place", Duration.ofSeconds(5),
        () -> a.torg().services().streamLimits().open() == 2);
    try (SseClient again = streamOnA("203.0.113.3", path)) {
      assertEquals(200, again.status());
    }
    second.close();
    other.close();
  }
}
