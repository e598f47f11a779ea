package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.torg.server.http.AccountsApiTest.assertError;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/** Local threads through the API, and what they look like to other servers. */
class ThreadsApiTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static String admin;
  static String member;
  static String citizen;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    peer.addActor("watcher");
    admin = api.newAdmin("chair").accessToken();
    member = api.newCitizen("member").accessToken();
    citizen = api.newCitizen("citizen").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "branch"));
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "closed").put("replyPolicy", "closed"));
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "inner").put("replyPolicy", "members"));
    for (String group : new String[] {"branch", "closed", "inner"}) {
      api.send(HttpMethod.PUT, "/api/v1/groups/" + group + "/members/member", admin, new JsonObject().put("role", "member"));
    }
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private static JsonObject open(String group, String token, String title, String content) {
    HttpResponse<Buffer> r = api.post("/api/v1/groups/" + group + "/threads", token,
        new JsonObject().put("title", title).put("content", content));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static JsonObject reply(String postId, String token, String content) {
    HttpResponse<Buffer> r = api.post("/api/v1/posts/" + postId + "/replies", token, new JsonObject().put("content", content));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static JsonObject thread(String id) {
    HttpResponse<Buffer> r = api.get("/api/v1/threads/" + id, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  @Test
  void membersOpenThreadsAndEveryoneReadsTheWholeTree() {
    JsonObject created = open("branch", member, "Night buses", "We need **night buses**. #transport");
    JsonObject root = created.getJsonObject("root");
    assertEquals("Night buses", created.getString("title"));
    assertEquals("<p>We need <strong>night buses</strong>. <a href=\"http://torg.test/tags/transport\">#transport</a></p>",
        root.getString("content").replaceAll(" rel=\"[a-z ]+\"", ""));
    assertTrue(root.getString("content").matches("(?s).*rel=\"(?=[^\"]*nofollow)(?=[^\"]*noopener)[^\"]*\".*"), "links carry rel nofollow noopener");
    assertEquals("@member@torg.test", root.getJsonObject("author").getString("handle"));
    assertTrue(root.getJsonObject("author").getBoolean("local"));
    assertError(api.post("/api/v1/groups/branch/threads", citizen, new JsonObject().put("title", "Mine").put("content", "x")),
        403, "forbidden");
    assertError(api.post("/api/v1/groups/branch/threads", member, new JsonObject().put("title", " ").put("content", "x")),
        422, "invalid_title");

    JsonObject first = reply(root.getString("id"), citizen, "Yes please");
    JsonObject nested = reply(first.getString("id"), member, "Which lines?");
    reply(root.getString("id"), admin, "Noted.");
    JsonObject read = thread(created.getString("id"));
    assertEquals(3, read.getInteger("replies"));
    JsonArray level1 = read.getJsonObject("root").getJsonArray("replies");
    assertEquals(2, level1.size());
    assertEquals(first.getString("id"), level1.getJsonObject(0).getString("id"), "oldest first");
    assertEquals(nested.getString("id"), level1.getJsonObject(0).getJsonArray("replies").getJsonObject(0).getString("id"));
    assertEquals(first.getString("id"), nested.getString("inReplyTo"));

    JsonObject list = api.get("/api/v1/groups/branch/threads", null).bodyAsJsonObject();
    assertEquals(created.getString("id"), list.getJsonArray("items").getJsonObject(0).getString("id"));
    assertEquals(3, list.getJsonArray("items").getJsonObject(0).getInteger("replies"));
  }

  @Test
  void replyPoliciesAreEnforced() {
    JsonObject closed = open("closed", member, "Announcement", "Read only.").getJsonObject("root");
    assertError(api.post("/api/v1/posts/" + closed.getString("id") + "/replies", member, new JsonObject().put("content", "hi")),
        403, "reply_not_allowed");
    assertEquals(201, api.post("/api/v1/posts/" + closed.getString("id") + "/replies", admin,
        new JsonObject().put("content", "Moderators may.")).statusCode());

    JsonObject inner = open("inner", member, "Members only", "Inside.").getJsonObject("root");
    assertError(api.post("/api/v1/posts/" + inner.getString("id") + "/replies", citizen, new JsonObject().put("content", "hi")),
        403, "reply_not_allowed");
    reply(inner.getString("id"), member, "Members may.");
  }

  @Test
  void editsKeepTheirTimeAndOnlyTheAuthorEditsOrDeletes() {
    JsonObject root = open("branch", member, "Parks", "More parks.").getJsonObject("root");
    String id = root.getString("id");
    assertError(api.send(HttpMethod.PATCH, "/api/v1/posts/" + id, citizen, new JsonObject().put("content", "Fewer parks.")),
        403, "forbidden");
    HttpResponse<Buffer> edited = api.send(HttpMethod.PATCH, "/api/v1/posts/" + id, member,
        new JsonObject().put("content", "More *green* parks.").put("title", "Green parks"));
    assertEquals(200, edited.statusCode(), edited.bodyAsString());
    assertEquals("<p>More <em>green</em> parks.</p>", edited.bodyAsJsonObject().getString("content"));
    assertTrue(edited.bodyAsJsonObject().getString("editedAt") != null);
    assertEquals(1L, torg.torg().services().posts().posts().countEdits(Long.parseLong(id)).await(), "the old text is kept");
    JsonObject note = torg.getActivityJson(vertx, "/posts/" + id).send().await().bodyAsJsonObject();
    assertEquals("Green parks", note.getString("name"));
    assertTrue(note.getString("updated") != null, "Mastodon applies an edit only with a newer `updated`");
    assertEquals(403, api.send(HttpMethod.DELETE, "/api/v1/posts/" + id, citizen, null).statusCode());
  }

  @Test
  void aDeletedPostAnswers410AndStaysAsAPlaceholderOnlyWhileItHasReplies() {
    JsonObject created = open("branch", member, "Libraries", "Open on Sundays?");
    String rootId = created.getJsonObject("root").getString("id");
    JsonObject withReply = reply(rootId, citizen, "Yes");
    JsonObject child = reply(withReply.getString("id"), member, "Agreed");
    JsonObject alone = reply(rootId, citizen, "Maybe");
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + withReply.getString("id"), citizen, null).statusCode());
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + alone.getString("id"), citizen, null).statusCode());

    HttpResponse<Buffer> gone = torg.getActivityJson(vertx, "/posts/" + withReply.getString("id")).send().await();
    assertEquals(410, gone.statusCode());
    assertEquals("Tombstone", gone.bodyAsJsonObject().getString("type"));

    JsonArray replies = thread(created.getString("id")).getJsonObject("root").getJsonArray("replies");
    assertEquals(1, replies.size(), "the deleted post without replies left the tree: " + replies.encode());
    JsonObject placeholder = replies.getJsonObject(0);
    assertTrue(placeholder.getBoolean("deleted"));
    assertEquals("", placeholder.getString("content"));
    assertEquals(child.getString("id"), placeholder.getJsonArray("replies").getJsonObject(0).getString("id"));
  }

  @Test
  void aClosedAccountsPostsBecomeTombstones() {
    String leaver = api.newCitizen("leaver").accessToken();
    JsonObject created = open("branch", member, "Goodbyes", "Who stays?");
    JsonObject theirs = reply(created.getJsonObject("root").getString("id"), leaver, "Not me.");
    JsonObject answer = reply(theirs.getString("id"), member, "Sorry to hear.");
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/me", leaver, new JsonObject().put("password", "password-of-leaver"))
        .statusCode());
    assertEquals(410, torg.getActivityJson(vertx, "/posts/" + theirs.getString("id")).send().await().statusCode());
    JsonObject placeholder = thread(created.getString("id")).getJsonObject("root").getJsonArray("replies").getJsonObject(0);
    assertTrue(placeholder.getBoolean("deleted"));
    assertEquals(answer.getString("id"), placeholder.getJsonArray("replies").getJsonObject(0).getString("id"), "others' replies stay");
    assertEquals(1, thread(created.getString("id")).getInteger("replies"));
  }

  @Test
  void likesAreCountedOncePerAccount() {
    String id = open("branch", member, "Bikes", "Lanes.").getJsonObject("root").getString("id");
    assertEquals(204, api.post("/api/v1/posts/" + id + "/like", citizen, null).statusCode());
    assertEquals(204, api.post("/api/v1/posts/" + id + "/like", citizen, null).statusCode());
    assertEquals(204, api.post("/api/v1/posts/" + id + "/like", admin, null).statusCode());
    assertEquals(2, api.get("/api/v1/posts/" + id, null).bodyAsJsonObject().getInteger("likes"));
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + id + "/like", admin, null).statusCode());
    assertEquals(1, api.get("/api/v1/posts/" + id, null).bodyAsJsonObject().getInteger("likes"));
    assertEquals(401, api.post("/api/v1/posts/" + id + "/like", null, null).statusCode());
  }

  @Test
  void hostileMarkdownNeverBecomesActiveHtml() {
    String content = "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
        + "<a href=\"javascript:alert(4)\">x</a> <iframe src=\"https://evil.example\"></iframe> <b style=\"color:red\">b</b>";
    JsonObject root = open("branch", member, "Hostile", content).getJsonObject("root");
    String html = root.getString("content").toLowerCase();
    // Written text may mention anything; what must not appear is markup that acts.
    for (String bad : new String[] {"<script", "<img", "<iframe", "href=\"javascript"}) {
      assertFalse(html.contains(bad), bad + " in " + html);
    }
    assertFalse(html.matches("(?s).*<[^>]*\\s(on[a-z]+|style)=.*"), "an event handler or style attribute in " + html);
    assertTrue(html.contains("&lt;script&gt;"), "the raw HTML is shown as text: " + html);
  }

  @Test
  void postsAndThreadsResolveForServersAndBrowsers() {
    JsonObject created = open("branch", member, "Schools", "Smaller classes.");
    String rootId = created.getJsonObject("root").getString("id");
    JsonObject r = reply(rootId, citizen, "Yes");

    JsonObject note = torg.getActivityJson(vertx, "/posts/" + rootId).send().await().bodyAsJsonObject();
    assertEquals("Note", note.getString("type"));
    assertEquals("Schools", note.getString("name"));
    assertEquals("http://torg.test/groups/branch", note.getString("audience"));
    assertEquals(created.getString("uri"), note.getString("context"));
    assertEquals(new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"), note.getJsonArray("to"));
    assertTrue(note.getJsonArray("cc").contains("http://torg.test/groups/branch/followers"));
    JsonObject replies = note.getJsonObject("replies");
    assertEquals(1, replies.getInteger("totalItems"));
    assertEquals(new JsonArray().add(r.getString("uri")), replies.getJsonObject("first").getJsonArray("orderedItems"));

    JsonObject context = torg.getActivityJson(vertx, "/threads/" + created.getString("id")).send().await().bodyAsJsonObject();
    assertEquals("OrderedCollection", context.getString("type"));
    assertEquals("http://torg.test/groups/branch", context.getString("attributedTo"));
    assertEquals(new JsonArray().add(note.getString("id")).add(r.getString("uri")),
        context.getJsonObject("first").getJsonArray("orderedItems"), "root first");

    HttpResponse<Buffer> page = torg.get(vertx, "/posts/" + rootId).putHeader("Accept", "text/html").send().await();
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(page.bodyAsString().contains("Smaller classes."));
    assertEquals(404, torg.getActivityJson(vertx, "/posts/999999").send().await().statusCode());
    assertEquals(404, torg.getActivityJson(vertx, "/posts/abc").send().await().statusCode());
  }

  @Test
  void theGroupAnnouncesNewThreadsToItsRemoteFollowers() {
    HttpResponse<Buffer> follow = peer.post(torg.port(), "torg.test", "/groups/branch/inbox",
        peer.activity("Follow", "watcher", "http://torg.test/groups/branch"), "watcher", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, follow.statusCode());
    Eventually.holds("the follow is accepted", Duration.ofSeconds(15), () -> peer.received().stream()
        .anyMatch(got -> "Accept".equals(got.body().getString("type"))));
    String uri = open("branch", member, "Announced", "To every follower.").getJsonObject("root").getString("uri");
    Eventually.holds("the peer received the Group's Announce of the new thread", Duration.ofSeconds(15), () -> peer.received()
        .stream().anyMatch(got -> "Announce".equals(got.body().getString("type"))
            && "http://torg.test/groups/branch".equals(got.body().getString("actor"))
            && uri.equals(got.body().getString("object"))));
  }
}
