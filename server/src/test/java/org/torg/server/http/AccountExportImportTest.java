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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.Instances;
import org.torg.server.support.RunningTorg;

/**
 * Data export in Mastodon's formats (the CSVs byte for byte as Mastodon writes them, the archive's
 * outbox.json and actor.json) and import of a Mastodon CSV: the export of one person imported by
 * another follows the same accounts, through a job, with failed lines and their reasons shown;
 * bad uploads are refused whole with a reason and store nothing.
 */
class AccountExportImportTest {

  static final String TORG = "127.0.0.184";
  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.onLoopbackAddress(TORG);
    api = torg.api(vertx);
    peer = FakePeer.start(vertx, "127.0.0.185");
    peer.addActor("fan");
    peer.addActor("troll");
    peer.answerWebFinger();
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private static String download(String token, String file) {
    HttpResponse<Buffer> r = api.get("/api/v1/me/export/" + file, token);
    assertEquals(200, r.statusCode(), file + ": " + r.bodyAsString());
    assertTrue(r.getHeader("Content-Disposition").contains(file));
    return r.bodyAsString();
  }

  private static HttpResponse<Buffer> upload(String token, String type, String contentType, Buffer body) {
    return api.request(HttpMethod.POST, "/api/v1/me/imports?type=" + type).putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", contentType).sendBuffer(body).await();
  }

  private static void acceptFollowOf(String name, String followerUri) {
    Eventually.holds("the peer got the Follow of " + name, Duration.ofSeconds(15), () -> peer.received().stream()
        .anyMatch(got -> "Follow".equals(got.body().getString("type")) && followerUri.equals(got.body().getString("actor"))
            && peer.actorUri(name).equals(got.body().getString("object"))));
    JsonObject follow = peer.received().stream().map(FakePeer.Received::body).filter(b -> "Follow".equals(b.getString("type"))
        && followerUri.equals(b.getString("actor")) && peer.actorUri(name).equals(b.getString("object"))).findFirst().orElseThrow();
    assertEquals(202, peer.post(TORG, 80, TORG, "/inbox", peer.activity("Accept", name, follow), name, SignatureFormat.DRAFT_CAVAGE)
        .statusCode());
  }

  @Test
  void anExportInMastodonsFormatsImportedByAnotherPersonFollowsTheSameAccounts() {
    String ada = api.newAdmin("ada").accessToken();
    api.newCitizen("bo");
    api.newCitizen("cy");
    String adaUri = "http://" + TORG + "/users/ada";
    assertEquals(201, api.post("/api/v1/follows", ada, new JsonObject().put("target", "@bo@" + TORG)).statusCode());
    HttpResponse<Buffer> followedFan = api.post("/api/v1/follows", ada, new JsonObject().put("target", "fan@" + peer.authority()));
    assertEquals(201, followedFan.statusCode(), followedFan.bodyAsString());
    acceptFollowOf("fan", adaUri);
    Eventually.holds("ada follows fan", Duration.ofSeconds(15), () -> Instances.follows(torg, adaUri, peer.actorUri("fan")));
    assertEquals(201, api.post("/api/v1/blocks", ada, new JsonObject().put("target", peer.actorUri("troll"))).statusCode());
    assertEquals(201, api.post("/api/v1/mutes", ada, new JsonObject().put("target", "@cy@" + TORG)).statusCode());
    assertEquals(201, api.post("/api/v1/domain_blocks", ada, new JsonObject().put("domain", "spam.example")).statusCode());
    api.post("/api/v1/groups", ada, new JsonObject().put("name", "branch"));
    JsonObject thread = api.post("/api/v1/groups/branch/threads", ada,
        new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?")).bodyAsJsonObject();
    String rootId = thread.getJsonObject("root").getString("id");
    String replyId = api.post("/api/v1/posts/" + rootId + "/replies", ada, new JsonObject().put("content", "Second thoughts"))
        .bodyAsJsonObject().getString("id");
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + replyId, ada, null).statusCode());
    HttpResponse<Buffer> edit = api.send(HttpMethod.PATCH, "/api/v1/posts/" + rootId, ada,
        new JsonObject().put("content", "Should line 4 run all night, every night?"));
    assertEquals(200, edit.statusCode(), edit.bodyAsString());

    String following = download(ada, "following_accounts.csv");
    assertEquals("Account address,Show boosts,Notify on new posts,Languages\n"
        + "fan@" + peer.authority() + ",true,false,\n"
        + "bo@" + TORG + ",true,false,\n", following, "Mastodon's columns, newest first");
    assertEquals("troll@" + peer.authority() + "\n", download(ada, "blocked_accounts.csv"));
    assertEquals("Account address,Hide notifications\ncy@" + TORG + ",true\n", download(ada, "muted_accounts.csv"));
    assertEquals("spam.example\n", download(ada, "blocked_domains.csv"));
    JsonObject outbox = new JsonObject(download(ada, "outbox.json"));
    assertEquals("OrderedCollection", outbox.getString("type"));
    assertEquals(1, outbox.getInteger("totalItems"), "the deleted reply is left out");
    JsonObject create = outbox.getJsonArray("orderedItems").getJsonObject(0);
    assertEquals("Create", create.getString("type"));
    assertEquals(thread.getJsonObject("root").getString("uri"), create.getJsonObject("object").getString("id"));
    assertFalse(create.containsKey("@context"));
    assertTrue(create.getJsonObject("object").getString("content").contains("every night"), "an edited post as it reads now");
    assertTrue(create.getJsonObject("object").containsKey("updated"));
    JsonObject actor = new JsonObject(download(ada, "actor.json"));
    assertEquals(adaUri, actor.getString("id"));
    assertEquals("outbox.json", actor.getString("outbox"));
    assertEquals(401, api.get("/api/v1/me/export/following_accounts.csv", null).statusCode());

    // Another person imports ada's follows, and one account that cannot be found.
    String eve = api.newCitizen("eve").accessToken();
    String eveUri = "http://" + TORG + "/users/eve";
    HttpResponse<Buffer> queued = upload(eve, "following", "text/csv", Buffer.buffer(following + "ghost@127.0.0.186\n"));
    assertEquals(202, queued.statusCode(), queued.bodyAsString());
    assertEquals(3, queued.bodyAsJsonObject().getInteger("total"));
    String importId = queued.bodyAsJsonObject().getString("id");
    acceptFollowOf("fan", eveUri);
    Eventually.holds("the import finished", Duration.ofSeconds(60),
        () -> "finished".equals(api.get("/api/v1/me/imports/" + importId, eve).bodyAsJsonObject().getString("state")));
    JsonObject done = api.get("/api/v1/me/imports/" + importId, eve).bodyAsJsonObject();
    assertEquals(2, done.getInteger("imported"), done.encode());
    assertEquals(1, done.getInteger("failed"));
    JsonObject failure = done.getJsonArray("failures").getJsonObject(0);
    assertEquals(4, failure.getInteger("line"));
    assertEquals("ghost@127.0.0.186", failure.getString("address"));
    assertFalse(failure.getString("reason").isBlank());
    assertTrue(Instances.follows(torg, eveUri, "http://" + TORG + "/users/bo"));
    Eventually.holds("eve follows fan", Duration.ofSeconds(15), () -> Instances.follows(torg, eveUri, peer.actorUri("fan")));
    assertEquals(1, api.get("/api/v1/me/imports", eve).bodyAsJsonObject().getJsonArray("items").size());

    // Blocks too, through the same job.
    HttpResponse<Buffer> blocks = upload(eve, "blocks", "text/csv", Buffer.buffer("troll@" + peer.authority() + "\n"));
    assertEquals(202, blocks.statusCode(), blocks.bodyAsString());
    Eventually.holds("eve blocks troll", Duration.ofSeconds(30), () -> Instances.count(torg, "SELECT count(*) FROM actor_block b"
        + " JOIN actor a ON a.id = b.blocker_id JOIN actor t ON t.id = b.blocked_id WHERE a.uri = $1 AND t.uri = $2",
        eveUri, peer.actorUri("troll")) == 1);
  }

  @Test
  void badUploadsAreRefusedWholeWithAReasonAndStoreNothing() {
    String fay = api.newCitizen("fay").accessToken();
    HttpResponse<Buffer> badLine = upload(fay, "following", "text/csv",
        Buffer.buffer("Account address,Show boosts\nbo@" + TORG + ",true\nnot an address,true\n"));
    assertEquals(400, badLine.statusCode());
    assertEquals("invalid_csv", badLine.bodyAsJsonObject().getString("error"));
    assertTrue(badLine.bodyAsJsonObject().getString("message").startsWith("Line 3:"), badLine.bodyAsString());
    HttpResponse<Buffer> unclosed = upload(fay, "following", "text/csv", Buffer.buffer("bo@" + TORG + "\n\"cy@" + TORG + ",true\n"));
    assertEquals(400, unclosed.statusCode(), unclosed.bodyAsString());
    assertEquals("invalid_csv", unclosed.bodyAsJsonObject().getString("error"));
    Buffer big = Buffer.buffer();
    while (big.length() < 600 * 1024) {
      big.appendString("someone" + big.length() + "@example.org\n");
    }
    assertEquals(413, upload(fay, "following", "text/csv", big).statusCode(), "over the import limit");
    assertEquals(422, upload(fay, "lists", "text/csv", Buffer.buffer("bo@" + TORG + "\n")).statusCode(), "unknown type");
    assertEquals(422, upload(fay, "following", "text/csv", Buffer.buffer("Account address\n")).statusCode(), "no accounts");
    assertEquals(415, upload(fay, "following", "application/json", Buffer.buffer("{}")).statusCode());
    assertEquals(401, api.request(HttpMethod.POST, "/api/v1/me/imports").putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer("bo@" + TORG + "\n")).await().statusCode());
    assertEquals(0L, Instances.count(torg, "SELECT count(*) FROM account_import i JOIN actor a ON a.id = i.actor_id"
        + " WHERE a.username = 'fay'"));

    // Aliases: an unknown account or oneself is refused, and nothing is stored.
    assertEquals(422, api.post("/api/v1/me/aliases", fay, new JsonObject().put("alias", "@fay@" + TORG)).statusCode());
    assertEquals(404, api.post("/api/v1/me/aliases", fay, new JsonObject().put("alias", "@nobody@" + TORG)).statusCode());
    assertEquals(422, api.post("/api/v1/me/aliases", fay, new JsonObject().put("alias", "nobody@127.0.0.186")).statusCode());
    assertEquals(404, api.send(HttpMethod.DELETE, "/api/v1/me/aliases?alias=" + URLEncoder.encode("http://x.example/u", StandardCharsets.UTF_8),
        fay, null).statusCode());
    assertEquals(0L, Instances.count(torg, "SELECT count(*) FROM actor_alias"));
  }
}
