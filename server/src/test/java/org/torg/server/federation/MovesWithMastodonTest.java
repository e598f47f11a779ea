package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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
 * Moves between Torg and a fake Mastodon: a Torg account moving to the peer sends its followers
 * there a signed Move (and Update with movedTo); a Move from one peer account to another makes
 * Torg's local followers follow the new one (Follow sent) and leave the old one (Undo sent), once.
 */
class MovesWithMastodonTest {

  static final String TORG = "127.0.0.183";
  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.onLoopbackAddress(TORG);
    api = torg.api(vertx);
    peer = FakePeer.start(vertx, "127.0.0.182");
    for (String name : new String[] {"fan", "newme", "stranger", "old", "new", "impostor"}) {
      peer.addActor(name);
    }
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> send(JsonObject activity, String signer) {
    return peer.post(TORG, 80, TORG, "/inbox", activity, signer, SignatureFormat.DRAFT_CAVAGE);
  }

  @Test
  void aTorgAccountMovingToMastodonSendsItsFollowersASignedMove() {
    String me = api.newCitizen("mover").accessToken();
    String meUri = "http://" + TORG + "/users/mover";
    assertEquals(202, send(peer.activity("Follow", "fan", meUri), "fan").statusCode());
    Eventually.holds("the peer's fan follows mover", Duration.ofSeconds(15), () -> Instances.follows(torg, peer.actorUri("fan"), meUri));

    HttpResponse<Buffer> refused = api.post("/api/v1/me/move", me,
        new JsonObject().put("target", peer.actorUri("stranger")).put("password", "password-of-mover"));
    assertEquals(422, refused.statusCode(), "the target does not list mover");
    assertEquals("no_alias", refused.bodyAsJsonObject().getString("error"));
    assertEquals(0L, Instances.count(torg, "SELECT count(*) FROM actor_move m JOIN actor a ON a.id = m.actor_id WHERE a.uri = $1",
        meUri), "nothing stored");

    peer.setActorProperties("newme", new JsonObject().put("alsoKnownAs", new JsonArray().add(meUri)));
    HttpResponse<Buffer> moved = api.post("/api/v1/me/move", me,
        new JsonObject().put("target", peer.actorUri("newme")).put("password", "password-of-mover"));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    Eventually.holds("the peer got the Move, signed", Duration.ofSeconds(15), () -> peer.received().stream().anyMatch(got ->
        "Move".equals(got.body().getString("type")) && meUri.equals(got.body().getString("actor"))
            && meUri.equals(got.body().getString("object")) && peer.actorUri("newme").equals(got.body().getString("target"))
            && got.headers().containsKey("signature")));
    Eventually.holds("and the Update with movedTo", Duration.ofSeconds(15), () -> peer.received().stream().anyMatch(got ->
        "Update".equals(got.body().getString("type"))
            && peer.actorUri("newme").equals(got.body().getJsonObject("object").getString("movedTo"))));
  }

  @Test
  void aMoveBetweenMastodonAccountsMovesTorgsFollowersOnce() {
    String bo = api.newCitizen("bo").accessToken();
    String boUri = "http://" + TORG + "/users/bo";
    String oldUri = peer.actorUri("old");
    assertEquals(201, api.post("/api/v1/follows", bo, new JsonObject().put("target", oldUri)).statusCode());
    Eventually.holds("the peer got bo's Follow", Duration.ofSeconds(15), () -> peer.received().stream()
        .anyMatch(got -> "Follow".equals(got.body().getString("type")) && oldUri.equals(got.body().getString("object"))));
    JsonObject follow = peer.received().stream().map(FakePeer.Received::body)
        .filter(body -> "Follow".equals(body.getString("type")) && oldUri.equals(body.getString("object"))).findFirst().orElseThrow();
    assertEquals(202, send(peer.activity("Accept", "old", follow), "old").statusCode());
    Eventually.holds("bo follows old", Duration.ofSeconds(15), () -> Instances.follows(torg, boUri, oldUri));

    // A target that does not list the old account: ignored.
    assertEquals(202, send(peer.activity("Move", "old", oldUri).put("target", peer.actorUri("impostor")), "old").statusCode());
    // A Move of someone else's account by its signer: ignored.
    assertEquals(202, send(peer.activity("Move", "impostor", oldUri).put("target", peer.actorUri("impostor")), "impostor")
        .statusCode());

    // Someone here blocks old, someone mutes it: carried over to new, as Mastodon's MoveWorker does.
    String di = api.newCitizen("di").accessToken();
    String el = api.newCitizen("el").accessToken();
    assertEquals(201, api.post("/api/v1/blocks", di, new JsonObject().put("target", oldUri)).statusCode());
    assertEquals(201, api.post("/api/v1/mutes", el, new JsonObject().put("target", oldUri)).statusCode());
    peer.setActorProperties("new", new JsonObject().put("alsoKnownAs", new JsonArray().add(oldUri)));
    JsonObject move = peer.activity("Move", "old", oldUri).put("target", peer.actorUri("new"));
    assertEquals(202, send(move, "old").statusCode());
    Eventually.holds("Torg sent bo's Follow to new", Duration.ofSeconds(15), () -> peer.received().stream().anyMatch(got ->
        "Follow".equals(got.body().getString("type")) && boUri.equals(got.body().getString("actor"))
            && peer.actorUri("new").equals(got.body().getString("object"))));
    Eventually.holds("and Undo of the Follow to old", Duration.ofSeconds(15), () -> peer.received().stream().anyMatch(got ->
        "Undo".equals(got.body().getString("type")) && oldUri.equals(got.body().getJsonObject("object").getString("object"))));
    assertFalse(Instances.follows(torg, boUri, oldUri));
    Eventually.holds("di's block and el's mute were carried over to new", Duration.ofSeconds(15), () -> Instances.count(torg,
        "SELECT count(*) FROM actor_block b JOIN actor a ON a.id = b.blocker_id JOIN actor t ON t.id = b.blocked_id"
            + " WHERE a.username = 'di' AND t.uri = $1", peer.actorUri("new")) == 1
        && Instances.count(torg, "SELECT count(*) FROM actor_mute m JOIN actor a ON a.id = m.muter_id JOIN actor t ON t.id = m.muted_id"
            + " WHERE a.username = 'el' AND t.uri = $1", peer.actorUri("new")) == 1);
    Eventually.holds("new got di's Block", Duration.ofSeconds(15), () -> peer.received().stream().anyMatch(got ->
        "Block".equals(got.body().getString("type")) && peer.actorUri("new").equals(got.body().getString("object"))));
    assertEquals(0L, peer.received().stream().filter(got -> "Follow".equals(got.body().getString("type"))
        && peer.actorUri("impostor").equals(got.body().getString("object"))).count(), "the impostor got no follower");

    // The same Move again (a new id): ignored, no second Follow.
    assertEquals(202, send(peer.activity("Move", "old", oldUri).put("target", peer.actorUri("new")), "old").statusCode());
    Eventually.holds("the repeated Move was recorded as ignored", Duration.ofSeconds(15), () -> Instances.count(torg,
        "SELECT count(*) FROM inbox_activity WHERE type = 'Move' AND outcome = 'ignored:repeated_move'") == 1);
    assertEquals(1L, peer.received().stream().filter(got -> "Follow".equals(got.body().getString("type"))
        && peer.actorUri("new").equals(got.body().getString("object"))).count());
    assertTrue(Instances.count(torg, "SELECT count(*) FROM actor_move m JOIN actor a ON a.id = m.actor_id WHERE a.uri = $1",
        oldUri) == 1);
  }

  @Test
  void aMoveBetweenTwoAccountsHereMovesFollowersHereAndTellsThoseElsewhere() {
    String x1 = api.newCitizen("x1").accessToken();
    String x2 = api.newCitizen("x2").accessToken();
    String f1 = api.newCitizen("f1").accessToken();
    String x1Uri = "http://" + TORG + "/users/x1";
    String x2Uri = "http://" + TORG + "/users/x2";
    assertEquals(201, api.post("/api/v1/follows", f1, new JsonObject().put("target", "@x1@" + TORG)).statusCode());
    assertEquals(202, send(peer.activity("Follow", "fan", x1Uri), "fan").statusCode());
    Eventually.holds("fan follows x1", Duration.ofSeconds(15), () -> Instances.follows(torg, peer.actorUri("fan"), x1Uri));
    assertEquals(201, api.post("/api/v1/me/aliases", x2, new JsonObject().put("alias", x1Uri)).statusCode());
    HttpResponse<Buffer> moved = api.post("/api/v1/me/move", x1,
        new JsonObject().put("target", "@x2@" + TORG).put("password", "password-of-x1"));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    Eventually.holds("f1 follows x2 and no longer x1", Duration.ofSeconds(15),
        () -> Instances.follows(torg, "http://" + TORG + "/users/f1", x2Uri) && !Instances.follows(torg, "http://" + TORG + "/users/f1", x1Uri));
    Eventually.holds("the peer got the Move to x2", Duration.ofSeconds(15), () -> peer.received().stream().anyMatch(got ->
        "Move".equals(got.body().getString("type")) && x2Uri.equals(got.body().getString("target"))));
  }
}
