package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.app.Services;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * Activity ids belong to their sender's server: one server cannot take another's ids, and two
 * servers' ids never shadow each other. Two peers on two ports are two origins.
 */
class InboxOriginsTest {

  static Vertx vertx;
  static RunningTorg torg;
  static Services services;
  static FakePeer attacker;
  static FakePeer victim;
  static Actor group;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    services = torg.torg().services();
    group = services.localActors().create(ActorType.Group, "origins", "Origins", null, false).await();
    attacker = FakePeer.start(vertx);
    victim = FakePeer.start(vertx);
    attacker.addActor("mallory");
    attacker.addActor("alice");
    victim.addActor("victor");
    victim.addActor("bob");
  }

  @AfterAll
  static void stop() {
    attacker.close();
    victim.close();
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> post(FakePeer peer, JsonObject activity, String signer) {
    return peer.post(torg.port(), "torg.test", "/inbox", activity, signer, SignatureFormat.DRAFT_CAVAGE);
  }

  private static JsonObject follow(FakePeer peer, String who, String id) {
    return peer.activity("Follow", who, group.uri()).put("id", id);
  }

  private static boolean follows(FakePeer peer, String name) {
    var actor = services.actors().findByUri(peer.actorUri(name)).await();
    return actor.isPresent() && services.follows().find(actor.get().id(), group.id()).await()
        .map(f -> f.state() == FollowRepository.State.accepted).orElse(false);
  }

  @Test
  void anActivityWithAnotherServersIdIsRefusedAndTheGenuineOneIsThenProcessed() {
    String victimsId = victim.base() + "/users/victor/activities/" + UUID.randomUUID();
    int keyFetchesBefore = attacker.gets();
    HttpResponse<Buffer> forged = post(attacker, follow(attacker, "mallory", victimsId), "mallory");
    assertEquals(422, forged.statusCode(), forged.bodyAsString());
    assertEquals("id_not_on_actor_origin", forged.bodyAsJsonObject().getString("error"));
    assertEquals(keyFetchesBefore, attacker.gets(), "refused from the body alone, before any key fetch");

    HttpResponse<Buffer> genuine = post(victim, follow(victim, "victor", victimsId), "victor");
    assertEquals(202, genuine.statusCode(), genuine.bodyAsString());
    assertEquals("accepted", genuine.bodyAsJsonObject().getString("status"), "the genuine activity is not 'seen before'");
    Eventually.holds("victor follows the group", Duration.ofSeconds(10), () -> follows(victim, "victor"));
    org.junit.jupiter.api.Assertions.assertFalse(follows(attacker, "mallory"));
  }

  @Test
  void twoServersUsingOneIdStringForTheirOwnActivitiesAreBothProcessed() {
    // Ids that name no server (urn:uuid:…) are the only ones two honest servers can share.
    String sharedId = "urn:uuid:" + UUID.randomUUID();
    HttpResponse<Buffer> first = post(attacker, follow(attacker, "alice", sharedId), "alice");
    assertEquals("accepted", first.bodyAsJsonObject().getString("status"), first.bodyAsString());
    HttpResponse<Buffer> second = post(victim, follow(victim, "bob", sharedId), "bob");
    assertEquals("accepted", second.bodyAsJsonObject().getString("status"), second.bodyAsString());
    Eventually.holds("alice and bob both follow the group", Duration.ofSeconds(10),
        () -> follows(attacker, "alice") && follows(victim, "bob"));

    HttpResponse<Buffer> again = post(victim, follow(victim, "bob", sharedId), "bob");
    assertEquals("duplicate", again.bodyAsJsonObject().getString("status"), "one server's repeat is still a repeat");
  }
}
