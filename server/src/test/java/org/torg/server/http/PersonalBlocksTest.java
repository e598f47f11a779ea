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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * Blocking and muting per person, Mastodon's way: a block of an actor elsewhere reaches it as a
 * signed Block (an unblock as Undo of it) and ends follows both ways; a mute sends nothing; the
 * reader's thread page and notifications leave out whom they block or mute, who blocks them and
 * servers they block; a Block received from elsewhere hides the blocker from the blocked.
 */
class PersonalBlocksTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static String admin;
  static String rootId;
  static String threadId;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    peer.addActor("troll");
    peer.addActor("fan");
    admin = api.newAdmin("chief").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "branch"));
    JsonObject thread = api.post("/api/v1/groups/branch/threads", admin,
        new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?")).bodyAsJsonObject();
    threadId = thread.getString("id");
    rootId = thread.getJsonObject("root").getString("id");
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  /** A reply by a peer's actor to the root, as their server sends it. */
  private static String remoteReply(String who, String text) {
    String id = peer.base() + "/notes/" + who + "-" + Math.abs(text.hashCode());
    JsonObject note = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", id).put("type", "Note")
        .put("attributedTo", peer.actorUri(who)).put("inReplyTo", "http://torg.test/posts/" + rootId)
        .put("content", "<p>" + text + "</p>").put("published", Instant.now().toString())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add("http://torg.test/groups/branch").add("http://torg.test/users/chief"));
    peer.serve(note);
    assertEquals(202, peer.post(torg.port(), "torg.test", "/inbox", peer.activity("Create", who, note), who,
        SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("the reply is stored", Duration.ofSeconds(15),
        () -> torg.torg().services().posts().posts().findByUri(id).await().isPresent());
    return id;
  }

  private static String threadPage(String cookie) {
    return torg.get(vertx, "/threads/" + threadId).putHeader("Accept", "text/html").putHeader("Cookie", cookie).send().await()
        .bodyAsString();
  }

  private static String cookie(String username) {
    HttpResponse<Buffer> r = api.post("/api/v1/sessions", null,
        new JsonObject().put("username", username).put("password", "password-of-" + username).put("cookie", true));
    StringBuilder header = new StringBuilder();
    for (String c : r.cookies()) {
      header.append(header.length() == 0 ? "" : "; ").append(c, 0, c.indexOf(';'));
    }
    return header.toString();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void aBlockReachesTheActorSignedHidesThemAndAnUnblockUndoesIt() {
    String troll = peer.actorUri("troll");
    String trolling = remoteReply("troll", "Buses are for losers.");
    String chiefCookie = cookie("chief");
    assertTrue(threadPage(chiefCookie).contains("Buses are for losers."));
    assertTrue(api.get("/api/v1/notifications", admin).bodyAsString().contains(trolling), "the reply notified the author");

    HttpResponse<Buffer> blocked = api.post("/api/v1/blocks", admin, new JsonObject().put("target", troll));
    assertEquals(201, blocked.statusCode(), blocked.bodyAsString());
    assertEquals(200, api.post("/api/v1/blocks", admin, new JsonObject().put("target", troll)).statusCode(), "again: nothing new");
    Eventually.holds("the troll's server got the Block, signed", Duration.ofSeconds(15), () -> peer.received().stream()
        .anyMatch(got -> "Block".equals(got.body().getString("type")) && troll.equals(got.body().getString("object"))
            && got.headers().containsKey("signature")));
    assertEquals(1, peer.received().stream().filter(got -> "Block".equals(got.body().getString("type"))).count());
    String page = threadPage(chiefCookie);
    assertFalse(page.contains("Buses are for losers."), "hidden from the blocker's thread page");
    assertTrue(page.contains("Hidden: from someone you blocked or muted"), "a placeholder keeps the tree whole");
    assertFalse(api.get("/api/v1/notifications", admin).bodyAsString().contains(trolling), "and from their notifications");
    assertTrue(torg.get(vertx, "/threads/" + threadId).putHeader("Accept", "text/html").send().await().bodyAsString()
        .contains("Buses are for losers."), "others still see it");
    JsonArray list = api.get("/api/v1/blocks", admin).bodyAsJsonObject().getJsonArray("items");
    assertEquals(troll, list.getJsonObject(0).getString("target"));

    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/blocks?target=" + q(troll), admin, null).statusCode());
    Eventually.holds("the troll's server got Undo of the Block", Duration.ofSeconds(15), () -> peer.received().stream()
        .anyMatch(got -> "Undo".equals(got.body().getString("type"))
            && "Block".equals(got.body().getJsonObject("object").getString("type"))));
    assertEquals(404, api.send(HttpMethod.DELETE, "/api/v1/blocks?target=" + q(troll), admin, null).statusCode());
    assertTrue(threadPage(chiefCookie).contains("Buses are for losers."));
  }

  @Test
  void aMuteSendsNothingAndServerBlocksHideAWholeServer() {
    String fan = peer.actorUri("fan");
    remoteReply("fan", "Night trains too!");
    String ada = api.newCitizen("ada").accessToken();
    String adaCookie = cookie("ada");
    long sentBefore = peer.received().size();
    assertEquals(201, api.post("/api/v1/mutes", ada, new JsonObject().put("target", fan)).statusCode());
    assertFalse(threadPage(adaCookie).contains("Night trains too!"));
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/mutes?target=" + q(fan), ada, null).statusCode());
    assertTrue(threadPage(adaCookie).contains("Night trains too!"));

    assertEquals(201, api.post("/api/v1/domain_blocks", ada, new JsonObject().put("domain", peer.authority())).statusCode());
    assertEquals(new JsonArray().add(peer.authority()), api.get("/api/v1/domain_blocks", ada).bodyAsJsonObject().getJsonArray("items"));
    assertFalse(threadPage(adaCookie).contains("Night trains too!"), "the whole server is hidden from ada");
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/domain_blocks?domain=" + q(peer.authority()), ada, null).statusCode());
    assertTrue(threadPage(adaCookie).contains("Night trains too!"));
    assertEquals(sentBefore, peer.received().size(), "a mute and a server block send nothing");

    // Bad input: a clear error, nothing stored.
    assertEquals(422, api.post("/api/v1/blocks", ada, new JsonObject().put("target", "@ada@torg.test")).statusCode(), "oneself");
    assertEquals(422, api.post("/api/v1/mutes", ada, new JsonObject()).statusCode());
    assertEquals(422, api.post("/api/v1/domain_blocks", ada, new JsonObject().put("domain", "not a domain")).statusCode());
    assertEquals(422, api.post("/api/v1/domain_blocks", ada, new JsonObject().put("domain", "torg.test")).statusCode(), "this server");
    assertEquals(401, api.post("/api/v1/blocks", null, new JsonObject().put("target", fan)).statusCode());
    assertEquals(0L, torg.torg().services().pool().query("SELECT count(*) FROM actor_block b JOIN actor a ON a.id = b.blocker_id"
        + " WHERE a.username = 'ada'").execute().await().iterator().next().getLong(0));
  }

  @Test
  void aBlockFromElsewhereHidesTheBlockerAndEndsTheirFollow() {
    String fan = peer.actorUri("fan");
    api.newCitizen("bo");
    String boUri = "http://torg.test/users/bo";
    assertEquals(202, peer.post(torg.port(), "torg.test", "/users/bo/inbox", peer.activity("Follow", "fan", boUri), "fan",
        SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("fan follows bo", Duration.ofSeconds(15), () -> follows(fan, boUri));
    remoteReply("fan", "Trams, not buses.");
    assertTrue(threadPage(cookie("bo")).contains("Trams, not buses."));
    JsonObject block = peer.activity("Block", "fan", boUri);
    assertEquals(202, peer.post(torg.port(), "torg.test", "/users/bo/inbox", block, "fan", SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("the follow ended", Duration.ofSeconds(15), () -> !follows(fan, boUri));
    assertFalse(threadPage(cookie("bo")).contains("Trams, not buses."), "the blocker is hidden from the blocked");
    assertEquals(202, peer.post(torg.port(), "torg.test", "/users/bo/inbox",
        peer.activity("Undo", "fan", block.copy().put("@context", (Object) null)), "fan", SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("the Undo was applied", Duration.ofSeconds(15), () -> threadPage(cookie("bo")).contains("Trams, not buses."));
  }

  private static boolean follows(String followerUri, String followeeUri) {
    return org.torg.server.support.Instances.follows(torg, followerUri, followeeUri);
  }
}
