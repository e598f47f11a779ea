package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.app.Services;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.InboxRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/** The inbox against a real peer's signed requests: what is accepted, refused and done. */
class InboxTest {

  static Vertx vertx;
  static RunningTorg torg;
  static Services services;
  static FakePeer peer;
  static Actor group;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    services = torg.torg().services();
    group = services.localActors().create(ActorType.Group, "north", "North", null, false).await();
    peer = FakePeer.start(vertx);
    for (String name : new String[] {"alice", "bob", "carol", "dave", "erin", "frank", "gina", "mallory"}) {
      peer.addActor(name);
    }
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private HttpResponse<Buffer> post(JsonObject activity, String signer, SignatureFormat format) {
    return peer.post(torg.port(), "torg.test", "/inbox", activity, signer, format);
  }

  private JsonObject follow(String who) {
    return peer.activity("Follow", who, group.uri());
  }

  private Actor remote(String name) {
    return services.actors().findByUri(peer.actorUri(name)).await().orElseThrow();
  }

  private boolean follows(String name) {
    var actor = services.actors().findByUri(peer.actorUri(name)).await();
    return actor.isPresent() && services.follows().find(actor.get().id(), group.id()).await()
        .map(f -> f.state() == FollowRepository.State.accepted).orElse(false);
  }

  @Test
  void aSignedFollowIsAcceptedStoredAndAnsweredWithAnAcceptCarryingIt() {
    JsonObject follow = follow("alice");
    HttpResponse<Buffer> r = post(follow, "alice", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
    Eventually.holds("alice follows the group", Duration.ofSeconds(10), () -> follows("alice"));
    var accept = services.outboxActivities().publicPage(group.id(), 10, 0).await();
    assertTrue(accept.isEmpty(), "an Accept is not public outbox content");
    String acceptsForThisFollow = "SELECT count(*) FROM delivery d JOIN outbox_activity a ON a.id = d.activity_id"
        + " WHERE a.type = 'Accept' AND a.body->'object'->>'id' = '" + follow.getString("id") + "'"
        + " AND d.inbox = '" + peer.actorUri("alice") + "/inbox'";
    // Waiting on this Follow's own Accept: alice may already follow from another test.
    Eventually.holds("one Accept queued for alice's inbox, embedding the Follow as received", Duration.ofSeconds(10),
        () -> services.pool().query(acceptsForThisFollow).execute().await().iterator().next().getLong(0) == 1);
  }

  @Test
  void rfc9421SignaturesAreAcceptedToo() {
    assertEquals(202, post(follow("bob"), "bob", SignatureFormat.RFC9421).statusCode());
    Eventually.holds("bob follows the group", Duration.ofSeconds(10), () -> follows("bob"));
  }

  @Test
  void aRepeatedActivityIsProcessedOnce() {
    JsonObject follow = follow("carol");
    assertEquals(202, post(follow, "carol", SignatureFormat.DRAFT_CAVAGE).statusCode());
    HttpResponse<Buffer> again = post(follow, "carol", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, again.statusCode());
    assertEquals("duplicate", again.bodyAsJsonObject().getString("status"));
    long stored = services.pool().query("SELECT count(*) FROM inbox_activity WHERE activity_uri = '" + follow.getString("id") + "'")
        .execute().await().iterator().next().getLong(0);
    assertEquals(1, stored);
  }

  @Test
  void aBodyChangedAfterSigningIsRefusedWith401() {
    JsonObject follow = follow("dave");
    byte[] signedBody = follow.encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", URI.create("http://torg.test/inbox"),
        Map.of("Content-Type", "application/activity+json"), signedBody, peer.keyId("dave"),
        RsaKeys.generate().getPrivate(), Instant.now());
    var request = WebClient.create(vertx).post(torg.port(), "127.0.0.1", "/inbox");
    headers.forEach(request::putHeader);
    HttpResponse<Buffer> wrongKey = request.sendBuffer(Buffer.buffer(signedBody)).await();
    assertEquals(401, wrongKey.statusCode(), "signed with a key that is not dave's");
    assertEquals("signature_bad_signature", wrongKey.bodyAsJsonObject().getString("error"));

    Map<String, String> good = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", URI.create("http://torg.test/inbox"),
        Map.of("Content-Type", "application/activity+json"), signedBody, peer.keyId("dave"), peer.privateKey("dave"), Instant.now());
    var tampered = WebClient.create(vertx).post(torg.port(), "127.0.0.1", "/inbox");
    good.forEach(tampered::putHeader);
    HttpResponse<Buffer> changed = tampered.sendBuffer(Buffer.buffer(follow.copy().put("object", "https://torg.test/groups/other").encode())).await();
    assertEquals(401, changed.statusCode());
    assertEquals("signature_digest_mismatch", changed.bodyAsJsonObject().getString("error"));
    assertTrue(!follows("dave"));
  }

  @Test
  void anUnsignedPostIs401WithAJsonReason() {
    HttpResponse<Buffer> r = WebClient.create(vertx).post(torg.port(), "127.0.0.1", "/inbox")
        .putHeader("Content-Type", "application/activity+json").sendBuffer(Buffer.buffer(follow("erin").encode())).await();
    assertEquals(401, r.statusCode());
    assertEquals("signature_no_signature", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void anActivitySignedBySomeoneElseIsAcceptedAndDropped() {
    JsonObject forged = follow("erin");
    HttpResponse<Buffer> r = post(forged, "mallory", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode());
    assertEquals("dropped", r.bodyAsJsonObject().getString("status"));
    long stored = services.pool().query("SELECT count(*) FROM inbox_activity WHERE activity_uri = '" + forged.getString("id") + "'")
        .execute().await().iterator().next().getLong(0);
    assertEquals(0, stored);
  }

  @Test
  void badInputGetsAClearStatus() {
    var client = WebClient.create(vertx);
    assertEquals(415, client.post(torg.port(), "127.0.0.1", "/inbox").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("hello")).await().statusCode());
    assertEquals(413, client.post(torg.port(), "127.0.0.1", "/inbox").putHeader("Content-Type", "application/activity+json")
        .sendBuffer(Buffer.buffer(new byte[1_048_577])).await().statusCode());
    assertEquals(400, client.post(torg.port(), "127.0.0.1", "/inbox").putHeader("Content-Type", "application/activity+json")
        .sendBuffer(Buffer.buffer("not json")).await().statusCode());
    assertEquals(404, client.post(torg.port(), "127.0.0.1", "/users/nobody/inbox").putHeader("Content-Type", "application/activity+json")
        .sendBuffer(Buffer.buffer("{}")).await().statusCode());
  }

  @Test
  void oneActorsActivitiesInABatchAreHandledInTheOrderTheyArrivedWhileOthersGoAlongside() {
    // Stored in one statement, so the worker claims them in one batch (at its next poll).
    JsonObject follow = follow("frank");
    JsonObject undo = peer.activity("Undo", "frank", follow);
    JsonObject refollow = follow("frank");
    JsonObject undoAgain = peer.activity("Undo", "frank", refollow);
    JsonObject ginas = follow("gina");
    List<JsonObject> arrived = List.of(follow, ginas, undo, refollow, undoAgain);
    services.inbox().insertAllIfNew(arrived.stream().map(a -> new InboxRepository.NewActivity(a.getString("id"),
        a.getString("actor"), a.getString("type"), null, a.encode())).toList()).await();
    String ids = arrived.stream().map(a -> "'" + a.getString("id") + "'").collect(java.util.stream.Collectors.joining(","));
    Eventually.holds("all five processed", Duration.ofSeconds(10), () -> services.pool()
        .query("SELECT count(*) FROM inbox_activity WHERE state = 'done' AND activity_uri IN (" + ids + ")")
        .execute().await().iterator().next().getLong(0) == 5);
    assertTrue(follows("gina"), "gina's Follow, beside frank's, is accepted");
    // Swapped, an Undo would find nothing to undo and the Follow after it would stand.
    assertFalse(follows("frank"), "frank followed and unfollowed twice, in that order");
  }

  @Test
  void undoFollowRemovesTheFollower() {
    JsonObject follow = follow("bob");
    post(follow, "bob", SignatureFormat.DRAFT_CAVAGE);
    Eventually.holds("bob follows", Duration.ofSeconds(10), () -> follows("bob"));
    assertEquals(202, post(peer.activity("Undo", "bob", follow), "bob", SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("bob no longer follows", Duration.ofSeconds(10), () -> !follows("bob"));
  }

  @Test
  void anActorUpdatesItselfOnlyAndAKeyRotationIsFollowed() {
    post(follow("carol"), "carol", SignatureFormat.DRAFT_CAVAGE);
    Eventually.holds("carol is known", Duration.ofSeconds(10), () -> follows("carol"));
    peer.addActor("carol"); // a new key: Torg's cached key no longer verifies, so it refetches once
    peer.setActorProperties("carol", new JsonObject().put("name", "Carol Renamed"));
    JsonObject update = peer.activity("Update", "carol", peer.actorDocument("carol"));
    assertEquals(202, post(update, "carol", SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("carol renamed", Duration.ofSeconds(10), () -> "Carol Renamed".equals(remote("carol").displayName()));

    JsonObject forgedUpdate = peer.activity("Update", "mallory", peer.actorDocument("carol").put("name", "Hijacked"));
    assertEquals(202, post(forgedUpdate, "mallory", SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("the forged update is processed", Duration.ofSeconds(10), () -> services.pool()
        .query("SELECT outcome FROM inbox_activity WHERE activity_uri = '" + forgedUpdate.getString("id") + "'").execute().await()
        .iterator().hasNext() && "ignored:actor_may_update_only_itself".equals(services.pool()
        .query("SELECT outcome FROM inbox_activity WHERE activity_uri = '" + forgedUpdate.getString("id") + "'").execute().await()
        .iterator().next().getString(0)));
    assertEquals("Carol Renamed", remote("carol").displayName());
  }

  @Test
  void aDeleteFromAnActorNeverSeenNeedsNoFetch() {
    peer.addActor("stranger");
    int getsBefore = peer.gets();
    HttpResponse<Buffer> r = post(peer.activity("Delete", "stranger", peer.actorUri("stranger")), "stranger", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode());
    assertEquals(getsBefore, peer.gets(), "no fetch for the Delete of an unknown actor");
  }

  @Test
  void metricsCountInboxOutcomes() {
    post(follow("alice"), "alice", SignatureFormat.DRAFT_CAVAGE);
    WebClient.create(vertx).post(torg.port(), "127.0.0.1", "/inbox").putHeader("Content-Type", "application/activity+json")
        .sendBuffer(Buffer.buffer(follow("erin").encode())).await();
    String metrics = torg.get(vertx, "/metrics").send().await().bodyAsString();
    assertTrue(metrics.matches("(?s).*torg_inbox_activities_total\\{reason=\"stored\",result=\"accepted\"} [1-9].*"), metrics);
    assertTrue(metrics.matches("(?s).*torg_inbox_activities_total\\{reason=\"signature_no_signature\",result=\"unverified\"} [1-9].*"));
    assertTrue(metrics.contains("torg_inbox_signature_verification_seconds"));
    assertTrue(metrics.contains("torg_delivery_queue_depth"));
    assertTrue(metrics.matches("(?s).*torg_remote_fetches_total\\{outcome=\"ok\"} [1-9].*"), "actors and keys fetched");
    assertTrue(metrics.contains("jvm_memory_used_bytes"));
  }

  @Test
  void unknownTypesAreAcceptedAndIgnored() {
    post(follow("alice"), "alice", SignatureFormat.DRAFT_CAVAGE);
    JsonObject react = peer.activity("EmojiReact", "alice", group.uri()).put("content", "👍");
    assertEquals(202, post(react, "alice", SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("processed as ignored", Duration.ofSeconds(10), () -> {
      var rows = services.pool().query("SELECT outcome FROM inbox_activity WHERE activity_uri = '" + react.getString("id") + "'").execute().await();
      return rows.iterator().hasNext() && "ignored:unsupported_type".equals(rows.iterator().next().getString(0));
    });
  }
}
