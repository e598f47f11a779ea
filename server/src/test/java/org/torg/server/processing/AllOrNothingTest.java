package org.torg.server.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.DatabaseFault;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;

/**
 * Work that must be all or nothing (issue 17, point 5), failed half-way by PostgreSQL itself (a
 * trigger raising an error on one of its last writes): closing a poll with its final Update,
 * an official response with its mentions, resolving a report that deletes several posts. After
 * each failure every table the work writes is exactly as before, byte for byte; once the fault
 * is gone the same work succeeds, once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AllOrNothingTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
  /** Every table the three pieces of work write to. */
  static final List<String> TABLES = List.of("post", "post_edit", "thread", "thread_event", "outbox_activity", "delivery",
      "notification", "consultation", "consultation_citation", "poll", "poll_vote", "report", "modlog_entry",
      "actor_sanction");

  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static Pool pool;
  static ApiClient api;
  static FakePeer peer;
  static String chair;
  static String citizen;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_CONSULTATIONS_POLL_CLOSE_CHECK_MILLIS", "200", "TORG_SESSIONS_ACCESS_TOKEN_MINUTES", "1440"), clock);
    pool = torg.torg().services().pool();
    api = torg.api(vertx);
    peer = FakePeer.start(vertx, "127.0.0.149");
    peer.addActor("alice");
    chair = api.newAdmin("chair").accessToken();
    citizen = api.newCitizen("citizen").accessToken();
    assertEquals(201, api.post("/api/v1/groups", chair, new JsonObject().put("name", "town").put("replyPolicy", "anyone"))
        .statusCode());
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  @Test
  void aPollWhoseFinalUpdateFailsStaysOpenWithNothingWrittenAndClosesOnceAfter() {
    JsonObject opened = consultation("Poll under a fault", Duration.ofHours(10), Duration.ofMinutes(30));
    String questionUri = opened.getJsonObject("root").getString("uri");
    String threadId = opened.getString("id");
    assertEquals("vote_counted", processed(send(vote(questionUri, "Yes"))));
    Map<String, String> before = settledSnapshot();

    long updates;
    try (DatabaseFault fault = DatabaseFault.on(pool, "INSERT", "delivery", "true")) {
      // The closer marks the poll closed, writes the Update, and fails queueing its deliveries.
      clock.advance(Duration.ofMinutes(31));
      Eventually.holds("the closer tried and failed, twice", WAIT, () -> fault.hits() >= 2);
      assertEquals(before, snapshot(), "a poll close that failed half-way left nothing behind");
      assertEquals(0, closedUpdates(questionUri));
      updates = fault.hits();
    }
    assertTrue(updates >= 2);
    Eventually.holds("closed after the fault is gone, its Update at the voter's server", WAIT,
        () -> closedUpdates(questionUri) == 1);
    assertTrue(pool.preparedQuery("SELECT closed_at IS NOT NULL FROM poll WHERE thread_id = $1")
        .execute(Tuple.of(Long.parseLong(threadId))).await().iterator().next().getBoolean(0));
    clock.advance(Duration.ofSeconds(1));
    sleep(1_000);
    assertEquals(1, closedUpdates(questionUri), "closed once");
  }

  @Test
  void anOfficialResponseThatFailsAtItsLastWriteLeavesNoPostMentionOrDelivery() {
    JsonObject opened = consultation("Response under a fault", Duration.ofMinutes(20), null);
    String threadId = opened.getString("id");
    String rootUri = opened.getJsonObject("root").getString("uri");
    String rootId = opened.getJsonObject("root").getString("id");
    JsonObject aliceReply = new JsonObject().put("id", peer.base() + "/statuses/" + UUID.randomUUID()).put("type", "Note")
        .put("attributedTo", peer.actorUri("alice")).put("inReplyTo", rootUri).put("content", "<p>More buses</p>")
        .put("published", clock.instant().toString()).put("to", new JsonArray().add(PUBLIC));
    String outcome = processed(send(aliceReply));
    String aliceId = torg.torg().services().posts().posts().findByUri(aliceReply.getString("id")).await()
        .map(p -> Long.toString(p.id())).orElseThrow(() -> new AssertionError("alice's reply: " + outcome));
    HttpResponse<Buffer> citizenReply = api.post("/api/v1/posts/" + rootId + "/replies", citizen,
        new JsonObject().put("content", "And later trains"));
    assertEquals(201, citizenReply.statusCode(), citizenReply.bodyAsString());
    clock.advance(Duration.ofMinutes(21));
    JsonObject response = new JsonObject().put("content", "Both, from May.")
        .put("cites", new JsonArray().add(aliceId).add(citizenReply.bodyAsJsonObject().getString("id")));
    Map<String, String> before = settledSnapshot();

    try (DatabaseFault fault = DatabaseFault.on(pool, "UPDATE", "consultation", "NEW.response_post_id IS NOT NULL")) {
      // The post, its mentions, notification and deliveries are written; marking the consultation answered fails.
      HttpResponse<Buffer> failed = api.post("/api/v1/threads/" + threadId + "/response", chair, response);
      assertTrue(failed.statusCode() >= 500, failed.statusCode() + " " + failed.bodyAsString());
      assertEquals(1, fault.hits());
      assertEquals(before, snapshot(), "a response that failed at its last write left nothing behind");
    }
    HttpResponse<Buffer> answered = api.post("/api/v1/threads/" + threadId + "/response", chair, response);
    assertEquals(201, answered.statusCode(), answered.bodyAsString());
    String responseUri = answered.bodyAsJsonObject().getString("uri");
    Eventually.holds("the cited author's server gets the response, once", WAIT, () -> created(responseUri) == 1);
    JsonObject consultation = api.get("/api/v1/threads/" + threadId, null).bodyAsJsonObject().getJsonObject("consultation");
    assertEquals("answered", consultation.getString("phase"));
  }

  @Test
  void aReportResolutionThatFailsOnItsSecondPostDeletesNeither() {
    String writer = api.newCitizen("writer").accessToken();
    api.send(HttpMethod.PUT, "/api/v1/groups/town/members/writer", chair, new JsonObject().put("role", "member"));
    HttpResponse<Buffer> thread = api.post("/api/v1/groups/town/threads", writer,
        new JsonObject().put("title", "Rude").put("content", "First rude post"));
    assertEquals(201, thread.statusCode(), thread.bodyAsString());
    String first = thread.bodyAsJsonObject().getJsonObject("root").getString("id");
    HttpResponse<Buffer> second = api.post("/api/v1/posts/" + first + "/replies", writer,
        new JsonObject().put("content", "Second rude post"));
    assertEquals(201, second.statusCode(), second.bodyAsString());
    String secondId = second.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> report = api.post("/api/v1/reports", citizen,
        new JsonObject().put("posts", new JsonArray().add(first).add(secondId)).put("comment", "both rude"));
    assertEquals(201, report.statusCode(), report.bodyAsString());
    String reportId = report.bodyAsJsonObject().getString("id");
    JsonObject resolution = new JsonObject().put("action", "delete_post").put("reason", "rudeness, twice");
    Map<String, String> before = settledSnapshot();

    try (DatabaseFault fault = DatabaseFault.on(pool, "UPDATE", "post",
        "NEW.id = " + Long.parseLong(secondId) + " AND NEW.deleted_at IS NOT NULL")) {
      // The report is marked resolved, the first post deleted with its Delete and modlog entry;
      // deleting the second fails.
      HttpResponse<Buffer> failed = api.post("/api/v1/admin/reports/" + reportId + "/resolve", chair, resolution);
      assertTrue(failed.statusCode() >= 500, failed.statusCode() + " " + failed.bodyAsString());
      assertEquals(1, fault.hits());
      assertEquals(before, snapshot(), "a resolution that failed half-way left nothing behind");
    }
    assertEquals("open", api.get("/api/v1/admin/reports/" + reportId, chair).bodyAsJsonObject().getString("state"));
    HttpResponse<Buffer> resolved = api.post("/api/v1/admin/reports/" + reportId + "/resolve", chair, resolution);
    assertEquals(200, resolved.statusCode(), resolved.bodyAsString());
    assertEquals(2L, pool.preparedQuery("SELECT count(*) FROM post WHERE id IN ($1, $2) AND deleted_at IS NOT NULL")
        .execute(Tuple.of(Long.parseLong(first), Long.parseLong(secondId))).await().iterator().next().getLong(0));
    assertEquals(2L, pool.preparedQuery("SELECT count(*) FROM modlog_entry WHERE reason = $1")
        .execute(Tuple.of("rudeness, twice")).await().iterator().next().getLong(0));
  }

  /** A fingerprint of every row of every table in {@link #TABLES}. */
  static Map<String, String> snapshot() {
    Map<String, String> tables = new LinkedHashMap<>();
    for (String table : TABLES) {
      tables.put(table, pool.query("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
          + " FROM " + table + " t").execute().await().iterator().next().getString(0));
    }
    return tables;
  }

  /** The snapshot once the delivery queue is idle, so no worker changes a table while a test compares. */
  static Map<String, String> settledSnapshot() {
    Eventually.holds("no delivery in flight", WAIT, () -> pool.query("SELECT count(*) FROM delivery WHERE state = 'pending'")
        .execute().await().iterator().next().getLong(0) == 0);
    Eventually.holds("no inbound activity unprocessed", WAIT, () -> pool.query(
        "SELECT count(*) FROM inbox_activity WHERE outcome IS NULL").execute().await().iterator().next().getLong(0) == 0);
    return snapshot();
  }

  static JsonObject consultation(String title, Duration input, Duration poll) {
    Instant now = clock.instant();
    JsonObject body = new JsonObject().put("title", title).put("content", "Should the night bus run?")
        .put("inputClosesAt", now.plus(input).toString());
    if (poll != null) {
      body.put("poll", new JsonObject().put("options", new JsonArray().add("Yes").add("No")).put("multiple", false)
          .put("endsAt", now.plus(poll).toString()));
    }
    HttpResponse<Buffer> r = api.post("/api/v1/groups/town/consultations", chair, body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** alice's vote as Mastodon sends one. */
  static JsonObject vote(String questionUri, String option) {
    return new JsonObject().put("id", peer.actorUri("alice") + "#votes/" + UUID.randomUUID()).put("type", "Note")
        .put("name", option).put("attributedTo", peer.actorUri("alice")).put("inReplyTo", questionUri)
        .put("to", new JsonArray().add("http://torg.test/users/chair"));
  }

  static String send(JsonObject object) {
    JsonObject activity = peer.activity("Create", "alice", object);
    HttpResponse<Buffer> r = peer.post(torg.port(), "torg.test", "/inbox", activity, "alice", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
    return activity.getString("id");
  }

  static String processed(String activityId) {
    Eventually.holds("activity " + activityId + " processed", WAIT, () -> outcome(activityId) != null);
    return outcome(activityId);
  }

  static String outcome(String activityId) {
    var rows = pool.preparedQuery("SELECT outcome FROM inbox_activity WHERE activity_uri = $1")
        .execute(Tuple.of(activityId)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  static long closedUpdates(String questionUri) {
    return peer.received().stream().map(FakePeer.Received::body)
        .filter(b -> "Update".equals(b.getString("type")) && b.getJsonObject("object") != null
            && questionUri.equals(b.getJsonObject("object").getString("id")) && b.getJsonObject("object").containsKey("closed"))
        .count();
  }

  static long created(String uri) {
    return peer.received().stream().map(FakePeer.Received::body)
        .filter(b -> "Create".equals(b.getString("type")) && b.getJsonObject("object") != null
            && uri.equals(b.getJsonObject("object").getString("id")))
        .count();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
