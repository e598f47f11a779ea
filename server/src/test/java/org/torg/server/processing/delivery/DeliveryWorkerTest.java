package org.torg.server.processing.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.IncomingRequest;
import org.torg.federation.signature.SignatureParser;
import org.torg.federation.signature.SignatureVerifier;
import org.torg.federation.signature.VerificationOutcome;
import org.torg.federation.signature.RsaKeys;
import org.torg.server.app.Services;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/** The delivery queue against a real peer: what is delivered, refused, retried, and when a host counts as gone. */
class DeliveryWorkerTest {

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
    group = services.localActors().create(ActorType.Group, "deliveries", "Deliveries", null, false).await();
    peer = FakePeer.start(vertx);
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private Row deliveryOf(JsonObject activity) {
    return services.pool().preparedQuery("SELECT d.state, d.attempts, d.last_status, d.next_attempt_at > now() AS later"
            + " FROM delivery d JOIN outbox_activity a ON a.id = d.activity_id WHERE a.uri = $1")
        .execute(Tuple.of(activity.getString("id"))).await().iterator().next();
  }

  private JsonObject send(String path) {
    JsonObject activity = services.activityDocuments().updateActor(group, new JsonObject().put("id", group.uri()).put("type", "Group"));
    services.outbox().inTransaction(tx -> services.outbox().send(tx, group, activity, List.of(peer.base() + path))).await();
    return activity;
  }

  @Test
  void aDeliveryArrivesSignedByTheActorAndIsMarkedDelivered() throws Exception {
    peer.setInboxStatus(202);
    int before = peer.received().size();
    JsonObject activity = send("/inbox");
    Eventually.holds("delivered", Duration.ofSeconds(10), () -> "delivered".equals(deliveryOf(activity).getString("state")));
    FakePeer.Received got = peer.received().stream().filter(r -> r.body().getString("id").equals(activity.getString("id"))).findFirst().orElseThrow();
    assertTrue(peer.received().size() > before);
    assertEquals("application/activity+json", got.headers().get("content-type"));
    var request = new IncomingRequest("POST", got.path(), got.headers().get("host"), "http",
        got.headers().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
        got.raw());
    var parsed = SignatureParser.parse(request).signature().orElseThrow();
    assertEquals(group.uri() + "#main-key", parsed.keyId(), "signed with the sending actor's own key");
    var groupKey = RsaKeys.parsePublicKeyPem(services.keys().ensure(group.uri()).await().publicKeyPem());
    assertEquals(VerificationOutcome.VERIFIED, SignatureVerifier.verify(parsed, request, groupKey, java.time.Instant.now()));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, SignatureVerifier.verify(parsed, request,
        RsaKeys.generate().getPublic(), java.time.Instant.now()));
  }

  @Test
  void aRefusalIsFinalAndAServerErrorIsRetriedLater() {
    peer.setInboxStatus(410);
    JsonObject refused = send("/gone-inbox");
    Eventually.holds("refused for good", Duration.ofSeconds(10), () -> "failed".equals(deliveryOf(refused).getString("state")));
    assertEquals(410, deliveryOf(refused).getInteger("last_status"));

    peer.setInboxStatus(503);
    JsonObject retried = send("/busy-inbox");
    Eventually.holds("scheduled for a retry", Duration.ofSeconds(10), () -> {
      Row row = deliveryOf(retried);
      return row.getInteger("attempts") >= 1 && Integer.valueOf(503).equals(row.getInteger("last_status"));
    });
    Row row = deliveryOf(retried);
    assertEquals("pending", row.getString("state"));
    assertTrue(row.getBoolean("later"), "the next attempt waits for the back-off (≥ 15 s)");
    peer.setInboxStatus(202);
  }

  @Test
  void aHostFailingOnSevenDaysIsUnavailableUntilHeardFromAgain() {
    var repository = new org.torg.server.db.RemoteHostRepository(services.pool());
    String host = "failing.example";
    services.pool().preparedQuery("INSERT INTO remote_host (host, failure_days) VALUES ($1,"
            + " ARRAY(SELECT current_date - d FROM generate_series(1, 5) AS d))")
        .execute(Tuple.of(host)).await();
    assertFalse(repository.recordFailure(host, "timeout").await(), "six distinct days");
    assertFalse(repository.recordFailure(host, "timeout").await(), "the same day again does not count twice");
    services.pool().preparedQuery("UPDATE remote_host SET failure_days = failure_days || (current_date - 6) WHERE host = $1")
        .execute(Tuple.of(host)).await();
    assertTrue(repository.recordFailure(host, "timeout").await(), "seven distinct days");

    RemoteHosts hosts = new RemoteHosts(vertx, repository);
    hosts.load().await();
    assertFalse(hosts.available(host));
    hosts.heardFrom(host).await();
    assertTrue(hosts.available(host));
    RemoteHosts reloaded = new RemoteHosts(vertx, repository);
    reloaded.load().await();
    assertTrue(reloaded.available(host), "written through to the database");
  }
  @Test
  void firstSuccessesOfManyHostsAreAllWrittenAndAFailureAfterOneStands() {
    var repository = new org.torg.server.db.RemoteHostRepository(services.pool());
    RemoteHosts hosts = new RemoteHosts(vertx, repository);
    List<io.vertx.core.Future<Void>> written = new java.util.ArrayList<>();
    for (int i = 0; i < 450; i++) {
      written.add(hosts.succeeded("batch" + i + ".example", org.torg.federation.signature.SignatureFormat.RFC9421));
    }
    io.vertx.core.Future.all(written).await();
    long rows = services.pool().query("SELECT count(*) FROM remote_host WHERE host LIKE 'batch%.example'"
        + " AND signature_format = 'rfc9421' AND last_success_at IS NOT NULL").execute().await().iterator().next().getLong(0);
    assertEquals(450, rows, "every host's success written, with its signature format");

    // A failure right after a success not yet written is the newer news: it must not be cleared.
    RemoteHosts fresh = new RemoteHosts(vertx, repository);
    var success = fresh.succeeded("flaky.example", org.torg.federation.signature.SignatureFormat.DRAFT_CAVAGE);
    fresh.failed("flaky.example", "timeout").await();
    success.await();
    Row row = services.pool().preparedQuery("SELECT cardinality(failure_days), last_error FROM remote_host WHERE host = $1")
        .execute(Tuple.of("flaky.example")).await().iterator().next();
    assertEquals(1, row.getInteger(0));
    assertEquals("timeout", row.getString(1));
  }
}
