package org.torg.server.processing.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.app.Services;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * A stored key belongs to its owner: an actor document (of another server, or of another actor
 * on the same server) that declares someone else's key id never replaces that key's row.
 */
class RemoteKeyOwnershipTest {

  static Vertx vertx;
  static RunningTorg torg;
  static Services services;
  static FakePeer home;
  static FakePeer elsewhere;
  static Actor group;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    services = torg.torg().services();
    group = services.localActors().create(ActorType.Group, "keys", "Keys", null, false).await();
    home = FakePeer.start(vertx);
    elsewhere = FakePeer.start(vertx);
    home.addActor("alice");
    home.addActor("neighbour");
    elsewhere.addActor("mallory");
  }

  @AfterAll
  static void stop() {
    home.close();
    elsewhere.close();
    torg.close();
    vertx.close().await();
  }

  private static Row keyRow(String keyId) {
    return services.pool().preparedQuery("SELECT owner_uri, public_key_pem FROM remote_key WHERE key_id = $1")
        .execute(Tuple.of(keyId)).await().iterator().next();
  }

  private static long keyRows(String keyId) {
    return services.pool().preparedQuery("SELECT count(*) FROM remote_key WHERE key_id = $1")
        .execute(Tuple.of(keyId)).await().iterator().next().getLong(0);
  }

  /** The actor's document now claims {@code keyId} as its own key, with its own PEM. */
  private static void claimKey(FakePeer peer, String name, String keyId) {
    peer.setActorProperties(name, new JsonObject().put("publicKey", new JsonObject()
        .put("id", keyId).put("owner", peer.actorUri(name))
        .put("publicKeyPem", RsaKeys.publicKeyPem(RsaKeys.generate().getPublic()))));
  }

  private static int follow(FakePeer peer, String name) {
    return peer.post(torg.port(), "torg.test", "/inbox", peer.activity("Follow", name, group.uri()), name,
        SignatureFormat.DRAFT_CAVAGE).statusCode();
  }

  @Test
  void aKeyRowCannotBeReplacedByAnotherActorsDocument() {
    String aliceKey = home.keyId("alice");
    assertEquals(202, follow(home, "alice"), "alice's key is fetched and stored");
    Row before = keyRow(aliceKey);
    assertEquals(home.actorUri("alice"), before.getString("owner_uri"));

    // Another server's actor declares alice's key id: refused, its id is not on mallory's origin.
    claimKey(elsewhere, "mallory", aliceKey);
    assertEquals(401, follow(elsewhere, "mallory"), "mallory's own key id is declared by no one now");
    // An actor of alice's own server declares it: refused too, the row is alice's.
    claimKey(home, "neighbour", aliceKey);
    assertEquals(401, follow(home, "neighbour"));

    Row after = keyRow(aliceKey);
    assertEquals(home.actorUri("alice"), after.getString("owner_uri"), "the key is still alice's");
    assertEquals(before.getString("public_key_pem"), after.getString("public_key_pem"), "with alice's PEM");
    assertEquals(0, keyRows(elsewhere.keyId("mallory")));
    assertEquals(202, follow(home, "alice"), "alice's signatures still verify");
  }

  @Test
  void aSignedUpdateCannotTakeOverAnotherActorsKey() {
    home.addActor("bea");
    home.addActor("updater");
    assertEquals(202, follow(home, "bea"));
    Row before = keyRow(home.keyId("bea"));
    // updater signs with its own, served key; the Update's embedded document claims bea's key id.
    JsonObject claimed = home.actorDocument("updater").put("publicKey", new JsonObject().put("id", home.keyId("bea"))
        .put("owner", home.actorUri("updater")).put("publicKeyPem", RsaKeys.publicKeyPem(RsaKeys.generate().getPublic())));
    JsonObject update = home.activity("Update", "updater", claimed);
    assertEquals(202, home.post(torg.port(), "torg.test", "/inbox", update, "updater", SignatureFormat.DRAFT_CAVAGE).statusCode());
    Eventually.holds("the Update is processed", Duration.ofSeconds(10),
        () -> services.pool().preparedQuery("SELECT state FROM inbox_activity WHERE activity_uri = $1")
            .execute(Tuple.of(update.getString("id"))).await().iterator().next().getString(0).equals("done"));
    Row after = keyRow(home.keyId("bea"));
    assertEquals(home.actorUri("bea"), after.getString("owner_uri"));
    assertEquals(before.getString("public_key_pem"), after.getString("public_key_pem"));
  }

  @Test
  void anOwnerStillRotatesItsOwnKey() {
    home.addActor("rotating");
    assertEquals(202, follow(home, "rotating"));
    String pem = keyRow(home.keyId("rotating")).getString("public_key_pem");
    home.addActor("rotating");
    assertEquals(202, follow(home, "rotating"), "the new key is fetched after the old one fails");
    assertTrue(!pem.equals(keyRow(home.keyId("rotating")).getString("public_key_pem")), "the row holds the new key");
  }
}
