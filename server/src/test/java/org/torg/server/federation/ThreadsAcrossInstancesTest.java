package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.model.Post;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;

/**
 * Three Torg instances on their own loopback addresses at port 80 hold one discussion: a Group
 * on A, a follower on B who replies, a follower on C who must see that reply too. Every step
 * goes through the API, the queue and signed, verified deliveries.
 */
class ThreadsAcrossInstancesTest {

  static Vertx vertx;
  static RunningTorg a;
  static RunningTorg b;
  static RunningTorg c;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    a = RunningTorg.onLoopbackAddress("127.0.0.4");
    b = RunningTorg.onLoopbackAddress("127.0.0.5");
    c = RunningTorg.onLoopbackAddress("127.0.0.6");
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    c.close();
    vertx.close().await();
  }

  private static Optional<Post> stored(RunningTorg torg, String uri) {
    return torg.torg().services().posts().posts().findByUri(uri).await();
  }

  private static String inboxLog(RunningTorg torg) {
    StringBuilder out = new StringBuilder();
    torg.torg().services().pool().query("SELECT type, state, outcome, last_error FROM inbox_activity ORDER BY id").execute().await()
        .forEach(r -> out.append(r.getString(0)).append('/').append(r.getString(1)).append('/').append(r.getString(2))
            .append('/').append(r.getString(3)).append("; "));
    return out.toString();
  }

  private static void eventually(String what, RunningTorg logOf, Supplier<Boolean> condition) {
    Eventually.holds(what, Duration.ofSeconds(30), condition, () -> "inbox of " + logOf.host() + ": " + inboxLog(logOf));
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.bodyAsString());
    return r.bodyAsBuffer() == null || r.bodyAsBuffer().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  private static boolean followAccepted(RunningTorg torg, String followId) {
    return torg.torg().services().follows().findById(Long.parseLong(followId)).await()
        .map(f -> f.state().name().equals("accepted")).orElse(false);
  }

  @Test
  void aReplyFromAnotherServerJoinsTheThreadAndReachesEveryFollower() {
    ApiClient apiA = a.api(vertx);
    ApiClient apiB = b.api(vertx);
    ApiClient apiC = c.api(vertx);
    String admin = apiA.newAdmin("chair").accessToken();
    String mia = apiA.newCitizen("mia").accessToken();
    ok(apiA.post("/api/v1/groups", admin, new JsonObject().put("name", "branch").put("displayName", "The branch")));
    ok(apiA.send(HttpMethod.PUT, "/api/v1/groups/branch/members/mia", admin, new JsonObject().put("role", "member")));
    String ben = apiB.newCitizen("ben").accessToken();
    String cyd = apiC.newCitizen("cyd").accessToken();

    // B follows by URL, C by handle (WebFinger); both are accepted.
    String benFollow = ok(apiB.post("/api/v1/follows", ben, new JsonObject().put("target", "http://127.0.0.4/groups/branch")))
        .getString("id");
    String cydFollow = ok(apiC.post("/api/v1/follows", cyd, new JsonObject().put("target", "@branch@127.0.0.4"))).getString("id");
    eventually("B's follow of the Group is accepted", b, () -> followAccepted(b, benFollow));
    eventually("C's follow of the Group is accepted", c, () -> followAccepted(c, cydFollow));

    // A new thread on A reaches B (the Group's Announce; B fetches the Note).
    JsonObject thread = ok(apiA.post("/api/v1/groups/branch/threads", mia,
        new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?")));
    String rootUri = thread.getJsonObject("root").getString("uri");
    eventually("the thread's root reached B", b, () -> stored(b, rootUri).isPresent());
    Post rootOnB = stored(b, rootUri).orElseThrow();
    assertEquals("Night buses", rootOnB.name());

    // B replies; the reply joins A's thread: thread API, the root's replies, the thread's context.
    JsonObject reply = ok(apiB.post("/api/v1/posts/" + rootOnB.id() + "/replies", ben, new JsonObject().put("content", "Yes, please!")));
    String replyUri = reply.getString("uri");
    eventually("the reply is in A's thread", a, () -> stored(a, replyUri).isPresent());
    JsonArray repliesOnA = ok(apiA.get("/api/v1/threads/" + thread.getString("id"), null)).getJsonObject("root").getJsonArray("replies");
    assertEquals(1, repliesOnA.size());
    JsonObject replyOnA = repliesOnA.getJsonObject(0);
    assertEquals("@ben@127.0.0.5", replyOnA.getJsonObject("author").getString("handle"));
    assertEquals(false, replyOnA.getJsonObject("author").getBoolean("local"));
    assertEquals("<p>Yes, please!</p>", replyOnA.getString("content"));
    String rootPath = rootUri.substring("http://127.0.0.4".length());
    JsonObject replies = ok(a.getActivityJson(vertx, rootPath + "/replies").send().await());
    assertEquals(new JsonArray().add(replyUri), replies.getJsonObject("first").getJsonArray("orderedItems"));
    JsonObject context = ok(a.getActivityJson(vertx, "/threads/" + thread.getString("id")).send().await());
    assertEquals(new JsonArray().add(rootUri).add(replyUri), context.getJsonObject("first").getJsonArray("orderedItems"));

    // C follows the Group, not ben: the Group's Announce brings it the reply.
    eventually("C received the Group's Announce of the reply and stored it", c, () -> stored(c, replyUri).isPresent());
    assertTrue(inboxLog(c).contains("Announce/done/post_stored"), inboxLog(c));
    assertEquals(stored(c, rootUri).orElseThrow().threadId(), stored(c, replyUri).orElseThrow().threadId(), "in the same thread on C");

    // B edits: A shows the edit.
    ok(apiB.send(HttpMethod.PATCH, "/api/v1/posts/" + reply.getString("id"), ben, new JsonObject().put("content", "Yes, *please*!")));
    eventually("A shows the edit", a, () -> stored(a, replyUri).map(p -> p.content().equals("<p>Yes, <em>please</em>!</p>")
        && p.editedAt().isPresent()).orElse(false));

    // B deletes: its id answers 410 on B, and A drops it from the tree.
    assertEquals(204, apiB.send(HttpMethod.DELETE, "/api/v1/posts/" + reply.getString("id"), ben, null).statusCode());
    String replyPath = replyUri.substring("http://127.0.0.5".length());
    assertEquals(410, b.getActivityJson(vertx, replyPath).send().await().statusCode());
    eventually("A dropped the deleted reply from the tree", a, () -> ok(apiA.get("/api/v1/threads/" + thread.getString("id"), null))
        .getJsonObject("root").getJsonArray("replies").isEmpty());
  }
}
