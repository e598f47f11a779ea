package org.torg.server.processing.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.IncomingRequest;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureParser;
import org.torg.federation.signature.SignatureVerifier;
import org.torg.federation.signature.VerificationOutcome;
import org.torg.server.app.Services;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * The testing switch federation.testing.sign_with_wrong_key, which the interop suite's self-test
 * relies on to show that the suite fails when Torg's signatures are wrong: deliveries still name
 * the actor's own key, and that key does not verify them.
 */
class WrongKeySigningTest {

  static Vertx vertx;
  static RunningTorg torg;
  static Services services;
  static FakePeer peer;
  static Actor group;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_FEDERATION_TESTING_SIGN_WITH_WRONG_KEY", "true"));
    services = torg.torg().services();
    group = services.localActors().create(ActorType.Group, "wrongkey", "Wrong key", null, false).await();
    peer = FakePeer.start(vertx);
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  @Test
  void aDeliveryNamesTheActorsKeyButDoesNotVerifyWithIt() throws Exception {
    JsonObject activity = services.activityDocuments().updateActor(group, new JsonObject().put("id", group.uri()).put("type", "Group"));
    services.outbox().inTransaction(tx -> services.outbox().send(tx, group, activity, List.of(peer.base() + "/inbox"))).await();
    Eventually.holds("the delivery arrives", Duration.ofSeconds(10),
        () -> peer.received().stream().anyMatch(r -> r.body().getString("id").equals(activity.getString("id"))));
    FakePeer.Received got = peer.received().stream()
        .filter(r -> r.body().getString("id").equals(activity.getString("id"))).findFirst().orElseThrow();
    var request = new IncomingRequest("POST", got.path(), got.headers().get("host"), "http",
        got.headers().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), got.raw());
    var parsed = SignatureParser.parse(request).signature().orElseThrow();
    assertEquals(group.uri() + "#main-key", parsed.keyId(), "under the actor's own keyId, as a forged signature would be");
    var groupKey = RsaKeys.parsePublicKeyPem(services.keys().ensure(group.uri()).await().publicKeyPem());
    assertEquals(VerificationOutcome.BAD_SIGNATURE, SignatureVerifier.verify(parsed, request, groupKey, Instant.now()));
  }
}
