package org.torg.server.processing.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.model.Post;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/** What other servers send about Torg's threads, as a Mastodon-like peer sends it, signed. */
class RemoteRepliesTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static String member;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    peer.addActor("rita");
    peer.addActor("mallory");
    String admin = api.newAdmin("chair").accessToken();
    member = api.newCitizen("member").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "open"));
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "inner").put("replyPolicy", "members"));
    for (String group : new String[] {"open", "inner"}) {
      api.send(HttpMethod.PUT, "/api/v1/groups/" + group + "/members/member", admin, new JsonObject().put("role", "member"));
    }
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private static JsonObject open(String group, String title) {
    return api.post("/api/v1/groups/" + group + "/threads", member, new JsonObject().put("title", title).put("content", "Discuss."))
        .bodyAsJsonObject();
  }

  private static JsonObject note(String author, String inReplyTo, String content) {
    String id = peer.base() + "/notes/" + UUID.randomUUID();
    return new JsonObject().put("id", id).put("type", "Note").put("attributedTo", peer.actorUri(author))
        .put("inReplyTo", inReplyTo).put("content", content).put("published", Instant.now().toString())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add(peer.actorUri(author) + "/followers"));
  }

  private static void send(String type, String signer, Object object) {
    HttpResponse<Buffer> r = peer.post(torg.port(), "torg.test", "/inbox", peer.activity(type, signer, object), signer,
        SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
  }

  private static Optional<Post> stored(String uri) {
    return torg.torg().services().posts().posts().findByUri(uri).await();
  }

  private static String outcomeOf(String objectId) {
    var rows = torg.torg().services().pool().preparedQuery("SELECT outcome FROM inbox_activity WHERE body->'object'->>'id' = $1"
        + " OR body->>'object' = $1 ORDER BY id DESC LIMIT 1").execute(io.vertx.sqlclient.Tuple.of(objectId)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  @Test
  void hostileHtmlInARemoteReplyNeverReachesTheApiOrAPage() {
    JsonObject thread = open("open", "Hostile");
    String rootUri = thread.getJsonObject("root").getString("uri");
    JsonObject note = note("mallory", rootUri, "<p>Hi<script>alert(1)</script><img src=x onerror=alert(2)>"
        + "<a href=\"javascript:alert(3)\">click</a><iframe src=\"https://evil.example\"></iframe>"
        + "<span style=\"position:fixed\" onclick=\"alert(4)\">x</span><a href=\"https://ok.example\">ok</a></p>");
    send("Create", "mallory", note);
    Eventually.holds("the reply is stored", Duration.ofSeconds(15), () -> stored(note.getString("id")).isPresent(),
        () -> String.valueOf(outcomeOf(note.getString("id"))));

    String api1 = api.get("/api/v1/threads/" + thread.getString("id"), null).bodyAsString().toLowerCase();
    // The page's own two script elements (its module, and the JSON of its UI strings) are Torg's;
    // anything else that looks like a script came from the reply.
    String page = torg.get(vertx, "/threads/" + thread.getString("id")).putHeader("Accept", "text/html").send().await()
        .bodyAsString().toLowerCase()
        .replace("<script type=\"module\" src=\"/js/torg.js\"></script>", "")
        .replaceAll("<script type=\"application/json\" id=\"torg-strings\">[^<]*</script>", "");
    for (String shown : new String[] {api1, page}) {
      for (String bad : new String[] {"<script", "<img", "<iframe", "javascript:", "onerror", "onclick", "style=\\\"position", "style=\"position"}) {
        assertFalse(shown.contains(bad), bad + " reached: " + shown);
      }
      assertTrue(shown.contains("https://ok.example"), "harmless links stay");
    }
  }

  @Test
  void aReplyTheGroupsPolicyRefusesIsNotStored() {
    String rootUri = open("inner", "Members only").getJsonObject("root").getString("uri");
    JsonObject note = note("rita", rootUri, "<p>Let me in</p>");
    send("Create", "rita", note);
    Eventually.holds("the Create was processed", Duration.ofSeconds(15), () -> outcomeOf(note.getString("id")) != null);
    assertEquals("rejected:reply_policy", outcomeOf(note.getString("id")));
    assertTrue(stored(note.getString("id")).isEmpty());
  }

  @Test
  void aCreateInSomeoneElsesNameOrForAnotherServersObjectIsIgnored() {
    String rootUri = open("open", "Impostors").getJsonObject("root").getString("uri");
    JsonObject forged = note("rita", rootUri, "<p>Written by rita, sent by mallory</p>");
    send("Create", "mallory", forged);
    Eventually.holds("the Create was processed", Duration.ofSeconds(15), () -> outcomeOf(forged.getString("id")) != null);
    assertEquals("ignored:attributed_to_another_actor", outcomeOf(forged.getString("id")));
    assertTrue(stored(forged.getString("id")).isEmpty());
  }

  @Test
  void editsApplyWhenNewerAndOnlyTheAuthorEditsOrDeletes() {
    String rootUri = open("open", "Edits").getJsonObject("root").getString("uri");
    JsonObject note = note("rita", rootUri, "<p>First</p>");
    send("Create", "rita", note);
    Eventually.holds("stored", Duration.ofSeconds(15), () -> stored(note.getString("id")).isPresent());

    JsonObject stale = note.copy().put("content", "<p>Stale</p>").put("updated", Instant.now().minusSeconds(3600).toString());
    send("Update", "rita", stale);
    JsonObject newer = note.copy().put("content", "<p>Second</p>").put("updated", Instant.now().plusMillis(5).toString());
    send("Update", "rita", newer);
    Eventually.holds("the newer edit applied", Duration.ofSeconds(15), () -> stored(note.getString("id")).get().content().equals("<p>Second</p>"));

    send("Delete", "mallory", new JsonObject().put("id", note.getString("id")).put("type", "Tombstone"));
    send("Delete", "rita", new JsonObject().put("id", note.getString("id")).put("type", "Tombstone"));
    Eventually.holds("rita's Delete applied", Duration.ofSeconds(15), () -> stored(note.getString("id")).get().deleted());
  }

  @Test
  void likesAndSharesOfTorgPostsAreCountedAndUndone() {
    JsonObject root = open("open", "Counted").getJsonObject("root");
    String uri = root.getString("uri");
    JsonObject like = peer.activity("Like", "rita", uri);
    assertEquals(202, peer.post(torg.port(), "torg.test", "/inbox", like, "rita", SignatureFormat.DRAFT_CAVAGE).statusCode());
    send("Announce", "rita", uri);
    Eventually.holds("one like and one share", Duration.ofSeconds(15), () -> {
      JsonObject p = api.get("/api/v1/posts/" + root.getString("id"), null).bodyAsJsonObject();
      return p.getInteger("likes") == 1 && p.getInteger("shares") == 1;
    });
    JsonObject undone = like.copy();
    undone.remove("@context");
    JsonObject undo = peer.activity("Undo", "rita", undone);
    assertEquals(202, peer.post(torg.port(), "torg.test", "/inbox", undo, "rita", SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("the like is taken back", Duration.ofSeconds(15),
        () -> api.get("/api/v1/posts/" + root.getString("id"), null).bodyAsJsonObject().getInteger("likes") == 0);
  }

  @Test
  void aDirectMessageNeverJoinsAThread() {
    String rootUri = open("open", "Private").getJsonObject("root").getString("uri");
    JsonObject dm = note("rita", rootUri, "<p>Just for you</p>").put("to", new JsonArray().add("http://torg.test/users/member"))
        .put("cc", new JsonArray());
    send("Create", "rita", dm);
    Eventually.holds("the Create was processed", Duration.ofSeconds(15), () -> outcomeOf(dm.getString("id")) != null);
    assertEquals("ignored:not_public", outcomeOf(dm.getString("id")));
  }
}
