package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.proof.DataIntegrityProof;
import org.torg.federation.proof.Ed25519Keys;
import org.torg.federation.proof.IntegrityProofs;
import org.torg.federation.proof.Multikey;
import org.torg.federation.proof.ProofOutcome;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.app.Services;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * Integrity proofs (FEP-8b32) at the inbox, against a peer whose actors publish Ed25519
 * Multikeys (FEP-521a): a relayed activity its actor proved is stored, a proof that fails is
 * refused with its reason, and what Torg sends carries a proof that its published key verifies.
 */
class InboxProofsTest {

  static Vertx vertx;
  static RunningTorg torg;
  static Services services;
  static FakePeer peer;
  static Actor group;
  static final Map<String, KeyPair> proofKeys = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    services = torg.torg().services();
    group = services.localActors().create(ActorType.Group, "proven", "Proven", null, false).await();
    peer = FakePeer.start(vertx);
    for (String name : new String[] {"alice", "bob", "carol", "dave", "erin", "frank", "relay", "mallory"}) {
      peer.addActor(name);
      KeyPair key = Ed25519Keys.generate();
      proofKeys.put(name, key);
      peer.setActorProperties(name, new JsonObject().put("assertionMethod", new JsonArray()
          .add(new Multikey(keyId(name), peer.actorUri(name), key.getPublic()).toJson())));
    }
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  static String keyId(String name) {
    return peer.actorUri(name) + "#ed25519-key";
  }

  private static JsonObject proven(JsonObject activity, String name) {
    return IntegrityProofs.sign(activity, keyId(name), proofKeys.get(name).getPrivate(), Instant.now());
  }

  private HttpResponse<Buffer> post(JsonObject activity, String signer) {
    return peer.post(torg.port(), "torg.test", "/inbox", activity, signer, SignatureFormat.RFC9421);
  }

  private long stored(JsonObject activity) {
    return services.pool().query("SELECT count(*) FROM inbox_activity WHERE activity_uri = '" + activity.getString("id") + "'")
        .execute().await().iterator().next().getLong(0);
  }

  private boolean follows(String name) {
    var actor = services.actors().findByUri(peer.actorUri(name)).await();
    return actor.isPresent() && services.follows().find(actor.get().id(), group.id()).await()
        .map(f -> f.state() == FollowRepository.State.accepted).orElse(false);
  }

  @Test
  void aRelayedActivityProvenByItsActorIsStoredWithoutTheActorsSignature() {
    JsonObject follow = proven(peer.activity("Follow", "alice", group.uri()), "alice");
    HttpResponse<Buffer> r = post(follow, "relay");
    assertEquals(202, r.statusCode(), r.bodyAsString());
    assertEquals("accepted", r.bodyAsJsonObject().getString("status"), r.bodyAsString());
    assertEquals(1, stored(follow));
    Eventually.holds("alice follows the group", Duration.ofSeconds(10), () -> follows("alice"));
  }

  @Test
  void aRelayedActivityWithoutItsActorsProofIsStillDropped() {
    JsonObject unproven = peer.activity("Follow", "bob", group.uri());
    assertEquals("dropped", post(unproven, "relay").bodyAsJsonObject().getString("status"));
    // Proven, but by the relay, not by bob.
    JsonObject provenByRelay = proven(peer.activity("Follow", "bob", group.uri()), "relay");
    assertEquals("dropped", post(provenByRelay, "relay").bodyAsJsonObject().getString("status"));
    assertEquals(0, stored(unproven) + stored(provenByRelay));
  }

  @Test
  void aTamperedProofIsRefusedWithItsReason() {
    JsonObject follow = proven(peer.activity("Follow", "carol", group.uri()), "carol");
    JsonObject tampered = follow.copy().put("object", peer.actorUri("dave"));
    HttpResponse<Buffer> r = post(tampered, "carol");
    assertEquals(401, r.statusCode(), r.bodyAsString());
    assertEquals(ProofOutcome.BAD_PROOF.reason(), r.bodyAsJsonObject().getString("error"));
    assertTrue(r.bodyAsJsonObject().getString("message").contains(keyId("carol")), r.bodyAsString());
    assertEquals(0, stored(tampered));
    // The same activity as proven passes, signed by its actor or relayed.
    assertEquals(202, post(follow, "carol").statusCode());
  }

  @Test
  void proofsThatCannotBeCheckedAreRefusedToo() {
    JsonObject follow = proven(peer.activity("Follow", "dave", group.uri()), "dave");
    JsonObject proof = follow.getJsonObject("proof");
    JsonObject otherSuite = follow.copy().put("proof", proof.copy().put("cryptosuite", "eddsa-rdfc-2022"));
    assertEquals(ProofOutcome.UNSUPPORTED_CRYPTOSUITE.reason(), post(otherSuite, "dave").bodyAsJsonObject().getString("error"));
    // mallory's key, claimed as dave's: dave's document does not list it.
    JsonObject foreignKey = follow.copy().put("proof", proof.copy().put("verificationMethod", peer.actorUri("dave") + "#mallory"));
    HttpResponse<Buffer> r = post(foreignKey, "relay");
    assertEquals(401, r.statusCode(), r.bodyAsString());
    assertEquals(ProofOutcome.KEY_UNAVAILABLE.reason(), r.bodyAsJsonObject().getString("error"));
    JsonObject notAProof = follow.copy().put("proof", "z3yZe7d");
    assertEquals(ProofOutcome.MALFORMED_PROOF.reason(), post(notAProof, "dave").bodyAsJsonObject().getString("error"));
  }

  @Test
  void aRepeatSignedByItsActorIsAnsweredAsOneWithoutItsProofsCheckedAgain() {
    JsonObject follow = proven(peer.activity("Follow", "erin", group.uri()), "erin");
    assertEquals("accepted", post(follow, "erin").bodyAsJsonObject().getString("status"));
    // The same id again, its proof spoiled: erin signed it, it was stored, so it is a duplicate
    // and nothing of it is processed; no Ed25519 work is spent on it.
    JsonObject spoiled = follow.copy().put("proof", follow.getJsonObject("proof").copy().put("created", "2020-01-01T00:00:00Z"));
    HttpResponse<Buffer> again = post(spoiled, "erin");
    assertEquals(202, again.statusCode(), again.bodyAsString());
    assertEquals("duplicate", again.bodyAsJsonObject().getString("status"), again.bodyAsString());
    // Relayed by another server, the same repeat is checked in full: the relay's word is not erin's.
    HttpResponse<Buffer> relayed = post(spoiled, "relay");
    assertEquals(401, relayed.statusCode(), relayed.bodyAsString());
    assertEquals(ProofOutcome.BAD_PROOF.reason(), relayed.bodyAsJsonObject().getString("error"));
    assertEquals(1, stored(follow));
  }

  @Test
  void aProofByARotatedKeyVerifiesAgainstTheKeyFetchedAgain() {
    // frank's key is in memory after his first activity; then he rotates it.
    assertEquals(202, post(proven(peer.activity("Follow", "frank", group.uri()), "frank"), "frank").statusCode());
    KeyPair rotated = Ed25519Keys.generate();
    proofKeys.put("frank", rotated);
    peer.setActorProperties("frank", new JsonObject().put("assertionMethod", new JsonArray()
        .add(new Multikey(keyId("frank"), peer.actorUri("frank"), rotated.getPublic()).toJson())));
    JsonObject like = proven(peer.activity("Like", "frank", group.uri()), "frank");
    HttpResponse<Buffer> r = post(like, "frank");
    assertEquals(202, r.statusCode(), r.bodyAsString());
    assertEquals("accepted", r.bodyAsJsonObject().getString("status"), r.bodyAsString());
    assertEquals(1, stored(like));
  }

  @Test
  void whatTorgSendsCarriesAProofItsPublishedMultikeyVerifies() {
    JsonObject follow = peer.activity("Follow", "mallory", group.uri());
    assertEquals(202, post(follow, "mallory").statusCode());
    java.util.function.Supplier<java.util.Optional<FakePeer.Received>> acceptOf = () -> peer.received()
        .stream().filter(r -> r.body().getString("type").equals("Accept")
            && r.body().getValue("object") instanceof JsonObject o && follow.getString("id").equals(o.getString("id")))
        .findFirst();
    Eventually.holds("the Group's Accept reaches mallory's inbox", Duration.ofSeconds(15), () -> acceptOf.get().isPresent());
    FakePeer.Received accept = acceptOf.get().orElseThrow();
    JsonObject actor = torg.getActivityJson(vertx, "/groups/proven").send().await().bodyAsJsonObject();
    assertTrue(actor.getJsonArray("@context").contains("https://w3id.org/security/multikey/v1"), actor.encode());
    String keyId = group.uri() + "#ed25519-key";
    Multikey key = Multikey.find(actor, keyId).orElseThrow(() -> new AssertionError("no Multikey " + keyId + " in " + actor.encode()));
    JsonObject received = new JsonObject(new String(accept.raw(), java.nio.charset.StandardCharsets.UTF_8));
    DataIntegrityProof proof = DataIntegrityProof.parseAll(received).proofs().get(0);
    assertEquals(keyId, proof.verificationMethod());
    assertEquals(ProofOutcome.VERIFIED, IntegrityProofs.verify(received, proof, key.publicKey()), received.encode());
    assertEquals(ProofOutcome.BAD_PROOF, IntegrityProofs.verify(received.copy().put("type", "Reject"), proof, key.publicKey()));
  }
}
