package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/** The moderation API: who may call what, what bad input gets, and the public log every action writes. */
class ModerationApiTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static String admin;
  static String moderator;
  static String citizen;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://mod.test"));
    api = torg.api(vertx);
    admin = api.newAdmin("boss").accessToken();
    moderator = api.newCitizen("mo").accessToken();
    api.send(HttpMethod.PUT, "/api/v1/admin/accounts/mo/role", admin, new JsonObject().put("role", "moderator"));
    moderator = api.signIn("mo", "password-of-mo").accessToken();
    citizen = api.newCitizen("cit").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "square"));
    for (String who : new String[] {"cit", "mo"}) {
      api.send(HttpMethod.PUT, "/api/v1/groups/square/members/" + who, admin, new JsonObject().put("role", "member"));
    }
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  static JsonObject thread(String token, String title) {
    HttpResponse<Buffer> r = api.post("/api/v1/groups/square/threads", token, new JsonObject().put("title", title).put("content", "Text"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject report(String token, JsonObject body) {
    HttpResponse<Buffer> r = api.post("/api/v1/reports", token, body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> resolve(String token, String id, String action, String reason) {
    return api.post("/api/v1/admin/reports/" + id + "/resolve", token, new JsonObject().put("action", action).put("reason", reason));
  }

  static List<JsonObject> modlog() {
    return api.get("/api/v1/modlog", null).bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o).toList();
  }

  static JsonObject logged(String action, String reason) {
    return modlog().stream().filter(e -> action.equals(e.getString("action")) && reason.equals(e.getString("reason")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + action + " with reason " + reason + " in " + modlog()));
  }

  @Test
  void onlyModeratorsWorkTheQueueAndBlockDomains() {
    for (String[] route : new String[][] {{"GET", "/api/v1/admin/reports"}, {"POST", "/api/v1/admin/reports/1/resolve"},
        {"GET", "/api/v1/admin/domain-blocks"}, {"POST", "/api/v1/admin/domain-blocks"}, {"DELETE", "/api/v1/admin/domain-blocks/x.example"},
        {"GET", "/api/v1/admin/domain-blocks/export"}, {"POST", "/api/v1/admin/sanctions"}, {"GET", "/api/v1/admin/appeals"},
        {"GET", "/api/v1/groups/square/bans"}, {"POST", "/api/v1/groups/square/bans"}, {"PATCH", "/api/v1/groups/square"}}) {
      HttpMethod method = HttpMethod.valueOf(route[0]);
      JsonObject body = method == HttpMethod.GET || method == HttpMethod.DELETE ? null
          : new JsonObject().put("action", "dismiss").put("domain", "x.example").put("severity", "suspend").put("reason", "r")
              .put("account", "@cit@mod.test").put("level", "silence");
      assertEquals(401, api.send(method, route[1], null, body).statusCode(), "anonymous " + route[1]);
      assertEquals(403, api.send(method, route[1], citizen, body).statusCode(), "citizen " + route[1]);
    }
    assertEquals(401, api.post("/api/v1/reports", null, new JsonObject().put("targetAccount", "@mo@mod.test")).statusCode());
    assertEquals(200, api.get("/api/v1/modlog", null).statusCode(), "the log is public");
  }

  @Test
  void badReportsAndResolutionsGetClearErrors() {
    String postId = thread(moderator, "Fine").getJsonObject("root").getString("id");
    assertEquals(422, api.post("/api/v1/reports", citizen, new JsonObject().put("comment", "no target")).statusCode());
    assertEquals(422, api.post("/api/v1/reports", citizen, new JsonObject().put("posts", new JsonArray().add("999999"))).statusCode());
    assertEquals(422, api.post("/api/v1/reports", citizen, new JsonObject().put("posts", "1")).statusCode());
    assertEquals(422, api.post("/api/v1/reports", citizen, new JsonObject().put("targetAccount", "@cit@mod.test")).statusCode(),
        "not yourself");
    assertEquals(422, api.post("/api/v1/reports", citizen, new JsonObject().put("targetAccount", "@boss@mod.test")
        .put("posts", new JsonArray().add(postId))).statusCode(), "the posts must be the target's");
    assertEquals(422, api.post("/api/v1/reports", citizen, new JsonObject().put("targetAccount", "@mo@mod.test")
        .put("comment", "x".repeat(1001))).statusCode());
    assertEquals(404, api.post("/api/v1/reports", citizen, new JsonObject().put("targetAccount", "@nobody@mod.test")).statusCode());
    HttpResponse<Buffer> notJson = api.request(HttpMethod.POST, "/api/v1/reports").putHeader("Authorization", "Bearer " + citizen)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{nope")).await();
    assertEquals(400, notJson.statusCode());
    assertEquals("bad_request", notJson.bodyAsJsonObject().getString("error"));

    String id = report(citizen, new JsonObject().put("targetAccount", "@mo@mod.test").put("comment", "test")).getString("id");
    assertEquals(404, resolve(admin, "999999", "dismiss", "").statusCode());
    assertEquals(422, resolve(admin, id, "obliterate", "why").statusCode());
    assertEquals(422, resolve(admin, id, "silence", "  ").statusCode(), "a reason is required");
    assertEquals(422, resolve(admin, id, "delete_post", "r").statusCode(), "no posts in this report");
    assertEquals(422, resolve(admin, id, "forward", "r").statusCode(), "a local account cannot be forwarded");
    assertEquals("open", api.get("/api/v1/admin/reports/" + id, admin).bodyAsJsonObject().getString("state"), "nothing was applied");
    assertEquals(200, resolve(admin, id, "dismiss", "").statusCode());
    assertEquals(409, resolve(admin, id, "dismiss", "").statusCode());
    assertEquals(400, api.get("/api/v1/admin/reports?state=weird", admin).statusCode());
  }

  @Test
  void deletingAReportedPostFederatesItsDeleteAndIsLogged() {
    JsonObject t = thread(citizen, "Offensive");
    String postId = t.getJsonObject("root").getString("id");
    JsonObject r = report(moderator, new JsonObject().put("posts", new JsonArray().add(postId)).put("comment", "slur"));
    assertEquals("@cit@mod.test", r.getString("targetAccount"));
    assertEquals(List.of(r.getString("id")), api.get("/api/v1/admin/reports", admin).bodyAsJsonArray().stream()
        .map(o -> ((JsonObject) o).getString("id")).filter(r.getString("id")::equals).toList());
    assertEquals(200, resolve(admin, r.getString("id"), "delete_post", "slurs are not allowed").statusCode());
    assertEquals(410, torg.getActivityJson(vertx, "/posts/" + postId).send().await().statusCode());
    JsonObject entry = logged("delete_post", "slurs are not allowed");
    assertEquals("http://mod.test/posts/" + postId, entry.getString("target"));
    assertEquals("boss", entry.getString("moderator"));

    // The author appeals; moderators see the appeal beside the action and decide it.
    assertEquals(403, api.post("/api/v1/modlog/" + entry.getString("id") + "/appeal", moderator,
        new JsonObject().put("text", "not mine")).statusCode());
    assertEquals(422, api.post("/api/v1/modlog/" + entry.getString("id") + "/appeal", citizen, new JsonObject().put("text", "")).statusCode());
    assertEquals(404, api.post("/api/v1/modlog/999999/appeal", citizen, new JsonObject().put("text", "x")).statusCode());
    HttpResponse<Buffer> appeal = api.post("/api/v1/modlog/" + entry.getString("id") + "/appeal", citizen,
        new JsonObject().put("text", "It was a quote"));
    assertEquals(201, appeal.statusCode(), appeal.bodyAsString());
    assertEquals(409, api.post("/api/v1/modlog/" + entry.getString("id") + "/appeal", citizen,
        new JsonObject().put("text", "again")).statusCode());
    JsonObject seen = api.get("/api/v1/admin/appeals?state=open", moderator).bodyAsJsonArray().getJsonObject(0);
    assertEquals("It was a quote", seen.getString("text"));
    assertEquals("delete_post", seen.getJsonObject("action").getString("action"));
    assertEquals("slurs are not allowed", seen.getJsonObject("action").getString("reason"));
    String appealId = appeal.bodyAsJsonObject().getString("id");
    assertEquals(422, api.post("/api/v1/admin/appeals/" + appealId + "/decide", moderator,
        new JsonObject().put("decision", "maybe").put("reason", "r")).statusCode());
    assertEquals(200, api.post("/api/v1/admin/appeals/" + appealId + "/decide", moderator,
        new JsonObject().put("decision", "denied").put("reason", "a quote of a slur is a slur")).statusCode());
    logged("decide_appeal", "denied: a quote of a slur is a slur");
  }

  @Test
  void aResolutionWhoseActionIsRefusedPartWayLeavesTheReportOpenAndLogsNothing() {
    // The report is marked resolved first in the resolution's transaction; the sanction is then
    // refused (a moderator may not suspend an admin), and the whole transaction rolls back.
    String id = report(citizen, new JsonObject().put("targetAccount", "@boss@mod.test").put("comment", "rude")).getString("id");
    HttpResponse<Buffer> refused = resolve(moderator, id, "suspend", "rollback check");
    assertEquals(403, refused.statusCode(), refused.bodyAsString());
    JsonObject stored = api.get("/api/v1/admin/reports/" + id, admin).bodyAsJsonObject();
    assertEquals("open", stored.getString("state"), stored.encode());
    assertTrue(modlog().stream().noneMatch(e -> "rollback check".equals(e.getString("reason"))), modlog().toString());
    assertEquals(200, resolve(admin, id, "dismiss", "").statusCode(), "still open for the next moderator");
  }

  @Test
  void twoModeratorsResolvingOneReportAtOnceActOnce() {
    api.newCitizen("twice");
    String id = report(citizen, new JsonObject().put("targetAccount", "@twice@mod.test").put("comment", "spam")).getString("id");
    JsonObject body = new JsonObject().put("action", "silence").put("reason", "raced silence");
    List<io.vertx.core.Future<HttpResponse<Buffer>>> answers = new java.util.ArrayList<>();
    for (String token : new String[] {admin, moderator, admin, moderator}) {
      answers.add(api.request(HttpMethod.POST, "/api/v1/admin/reports/" + id + "/resolve")
          .putHeader("Authorization", "Bearer " + token).sendJsonObject(body));
    }
    List<Integer> statuses = answers.stream().map(f -> f.await().statusCode()).sorted().toList();
    assertEquals(List.of(200, 409, 409, 409), statuses);
    assertEquals(1, modlog().stream().filter(e -> "raced silence".equals(e.getString("reason"))).count(), modlog().toString());
  }

  @Test
  void silencedAndSuspendedLocalAccounts() {
    String silenced = api.newCitizen("loud").accessToken();
    api.send(HttpMethod.PUT, "/api/v1/groups/square/members/loud", admin, new JsonObject().put("role", "member"));
    assertEquals(422, api.post("/api/v1/admin/sanctions", moderator, new JsonObject().put("account", "@loud@mod.test")
        .put("level", "mute").put("reason", "r")).statusCode());
    assertEquals(409, api.post("/api/v1/admin/sanctions", moderator, new JsonObject().put("account", "@mo@mod.test")
        .put("level", "silence").put("reason", "r")).statusCode(), "not yourself");
    assertEquals(403, api.post("/api/v1/admin/sanctions", moderator, new JsonObject().put("account", "@boss@mod.test")
        .put("level", "silence").put("reason", "r")).statusCode(), "moderators do not sanction admins");
    assertEquals(201, api.post("/api/v1/admin/sanctions", moderator, new JsonObject().put("account", "@loud@mod.test")
        .put("level", "silence").put("reason", "shouting")).statusCode());
    HttpResponse<Buffer> refused = api.post("/api/v1/groups/square/threads", silenced, new JsonObject().put("title", "t").put("content", "c"));
    assertEquals(403, refused.statusCode());
    assertEquals("account_silenced", refused.bodyAsJsonObject().getString("error"));
    logged("silence_account", "shouting");
    assertEquals(204, api.post("/api/v1/admin/sanctions/lift", moderator, new JsonObject().put("account", "@loud@mod.test")
        .put("reason", "calmer now")).statusCode());
    logged("unsilence_account", "calmer now");
    assertEquals(201, api.post("/api/v1/groups/square/threads", silenced, new JsonObject().put("title", "t").put("content", "c"))
        .statusCode());
    assertEquals(404, api.post("/api/v1/admin/sanctions/lift", moderator, new JsonObject().put("account", "@loud@mod.test")
        .put("reason", "again")).statusCode());

    api.newCitizen("vandal");
    String id = report(citizen, new JsonObject().put("targetAccount", "@vandal@mod.test").put("comment", "spam bot")).getString("id");
    assertEquals(200, resolve(moderator, id, "suspend", "spam bot").statusCode());
    HttpResponse<Buffer> signIn = api.signInResponse("vandal", "password-of-vandal");
    assertEquals(403, signIn.statusCode(), signIn.bodyAsString());
    assertEquals("account_suspended", signIn.bodyAsJsonObject().getString("error"));
    assertEquals(410, torg.getActivityJson(vertx, "/users/vandal").send().await().statusCode(), "its actor is deleted");
    logged("suspend_account", "spam bot");
    assertEquals(409, api.post("/api/v1/admin/sanctions/lift", moderator, new JsonObject().put("account", "@vandal@mod.test")
        .put("reason", "oops")).statusCode(), "a local suspension is final");
  }

  @Test
  void groupBansAndThreadPoliciesAreGroupModerators() {
    api.newCitizen("heckler");
    String heckler = api.signIn("heckler", "password-of-heckler").accessToken();
    JsonObject t = thread(moderator, "Bans");
    assertEquals(422, api.post("/api/v1/groups/square/bans", admin, new JsonObject().put("account", "@heckler@mod.test")).statusCode());
    assertEquals(404, api.post("/api/v1/groups/nowhere/bans", admin, new JsonObject().put("account", "@heckler@mod.test")
        .put("reason", "r")).statusCode());
    assertEquals(201, api.post("/api/v1/groups/square/bans", admin, new JsonObject().put("account", "@heckler@mod.test")
        .put("reason", "heckling")).statusCode());
    assertEquals(409, api.post("/api/v1/groups/square/bans", admin, new JsonObject().put("account", "@heckler@mod.test")
        .put("reason", "heckling")).statusCode());
    HttpResponse<Buffer> reply = api.post("/api/v1/posts/" + t.getJsonObject("root").getString("id") + "/replies", heckler,
        new JsonObject().put("content", "boo"));
    assertEquals(403, reply.statusCode());
    assertEquals("banned_from_group", reply.bodyAsJsonObject().getString("error"));
    logged("ban_from_group", "heckling");
    assertEquals("square", logged("ban_from_group", "heckling").getString("group"));
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/groups/square/bans?account=@heckler@mod.test&reason=served", admin, null)
        .statusCode());
    assertEquals(404, api.send(HttpMethod.DELETE, "/api/v1/groups/square/bans?account=@heckler@mod.test", admin, null).statusCode());
    assertEquals(201, api.post("/api/v1/posts/" + t.getJsonObject("root").getString("id") + "/replies", heckler,
        new JsonObject().put("content", "sorry")).statusCode());

    String path = "/api/v1/threads/" + t.getString("id") + "/reply-policy";
    assertEquals(403, api.send(HttpMethod.PUT, path, citizen, new JsonObject().put("replyPolicy", "closed").put("reason", "r")).statusCode());
    assertEquals(422, api.send(HttpMethod.PUT, path, admin, new JsonObject().put("replyPolicy", "nobody").put("reason", "r")).statusCode());
    assertEquals(422, api.send(HttpMethod.PUT, path, admin, new JsonObject().put("reason", "r")).statusCode());
    assertEquals(422, api.send(HttpMethod.PUT, path, admin, new JsonObject().put("replyPolicy", "closed")).statusCode(), "no reason");
    assertEquals(404, api.send(HttpMethod.PUT, "/api/v1/threads/999999/reply-policy", admin,
        new JsonObject().put("replyPolicy", "closed").put("reason", "r")).statusCode());
    assertEquals(200, api.send(HttpMethod.PUT, path, admin, new JsonObject().put("replyPolicy", "closed").put("reason", "settled"))
        .statusCode());
    assertEquals(403, api.post("/api/v1/posts/" + t.getJsonObject("root").getString("id") + "/replies", citizen,
        new JsonObject().put("content", "late")).statusCode(), "closed: only moderators reply");
    assertEquals(201, api.post("/api/v1/posts/" + t.getJsonObject("root").getString("id") + "/replies", moderator,
        new JsonObject().put("content", "summary")).statusCode());
    logged("set_reply_policy", "closed: settled");
  }

  @Test
  void domainBlocksRoundTripMastodonsCsvAndAreLogged() {
    assertEquals(422, api.post("/api/v1/admin/domain-blocks", admin, new JsonObject().put("domain", "https://x.example/path")
        .put("severity", "suspend").put("reason", "r")).statusCode());
    assertEquals(422, api.post("/api/v1/admin/domain-blocks", admin, new JsonObject().put("domain", "x.example")
        .put("severity", "obliterate").put("reason", "r")).statusCode());
    assertEquals(422, api.post("/api/v1/admin/domain-blocks", admin, new JsonObject().put("domain", "x.example")
        .put("severity", "suspend")).statusCode(), "no reason");
    HttpResponse<Buffer> created = api.post("/api/v1/admin/domain-blocks", moderator, new JsonObject().put("domain", "Spam.Example")
        .put("severity", "suspend").put("reason", "spam <script>"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals("spam.example", created.bodyAsJsonObject().getString("domain"));
    assertEquals(409, api.post("/api/v1/admin/domain-blocks", moderator, new JsonObject().put("domain", "spam.example")
        .put("severity", "silence").put("reason", "r")).statusCode());
    logged("block_domain", "suspend: spam <script>");
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/admin/domain-blocks/spam.example?reason=cleaned%20up", moderator, null)
        .statusCode());
    logged("unblock_domain", "cleaned up");
    assertEquals(404, api.send(HttpMethod.DELETE, "/api/v1/admin/domain-blocks/spam.example", moderator, null).statusCode());

    String csv = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n"
        + "a.example,silence,true,false,\"Harassment, repeatedly\",true\n"
        + "b.example,noop,true,true,,false\n"
        + "c.example,suspend,false,false,Spam,false\n";
    HttpResponse<Buffer> wrongType = api.request(HttpMethod.POST, "/api/v1/admin/domain-blocks/import")
        .putHeader("Authorization", "Bearer " + admin).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(csv)).await();
    assertEquals(415, wrongType.statusCode());
    HttpResponse<Buffer> imported = api.request(HttpMethod.POST, "/api/v1/admin/domain-blocks/import")
        .putHeader("Authorization", "Bearer " + admin).putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv)).await();
    assertEquals(200, imported.statusCode(), imported.bodyAsString());
    assertEquals(3, imported.bodyAsJsonObject().getInteger("imported"));
    HttpResponse<Buffer> exported = api.get("/api/v1/admin/domain-blocks/export", admin);
    assertEquals(200, exported.statusCode());
    assertTrue(exported.getHeader("Content-Type").startsWith("text/csv"));
    assertEquals(csv, exported.bodyAsString(), "import then export is unchanged");
    JsonObject silenced = api.get("/api/v1/admin/domain-blocks", admin).bodyAsJsonArray().stream().map(o -> (JsonObject) o)
        .filter(b -> b.getString("domain").equals("a.example")).findFirst().orElseThrow();
    assertEquals("silence", silenced.getString("severity"));
    assertEquals("Harassment, repeatedly", silenced.getString("reason"));
    assertTrue(modlog().stream().anyMatch(e -> e.getString("action").equals("block_domain") && e.getString("target").equals("a.e****le")),
        "an obfuscated domain is obfuscated in the public log");
    for (String d : new String[] {"a.example", "b.example", "c.example"}) {
      api.send(HttpMethod.DELETE, "/api/v1/admin/domain-blocks/" + d, admin, null);
    }
  }

  @Test
  void theModlogPageAndFeedShowEntriesEscaped() {
    api.post("/api/v1/admin/domain-blocks", admin, new JsonObject().put("domain", "xss.example").put("severity", "silence")
        .put("reason", "<script>alert(1)</script> & more"));
    String page = torg.get(vertx, "/modlog").send().await().bodyAsString();
    assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), page);
    assertFalse(page.contains("<script>alert"));
    HttpResponse<Buffer> feed = torg.get(vertx, "/modlog.atom").send().await();
    assertTrue(feed.getHeader("Content-Type").startsWith("application/atom+xml"));
    assertTrue(feed.bodyAsString().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
    assertFalse(feed.bodyAsString().contains("<script>"));
    assertEquals(400, api.get("/api/v1/modlog?cursor=abc", null).statusCode());
    JsonObject first = modlog().get(0);
    assertEquals(List.of("action", "at", "group", "id", "moderator", "reason", "target"),
        first.fieldNames().stream().sorted().toList());
    api.send(HttpMethod.DELETE, "/api/v1/admin/domain-blocks/xss.example", admin, null);
  }
}
