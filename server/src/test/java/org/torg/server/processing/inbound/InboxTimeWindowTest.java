package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.Digests;
import org.torg.federation.signature.HttpDates;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * The inbox's time window is Mastodon's by default (a Date 1 h ahead to 65 min old, an
 * {@code expires} honoured up to 12 h), and {@code federation.signature_clock_skew_seconds} widens it.
 */
class InboxTimeWindowTest {

  static Vertx vertx;
  static RunningTorg torg;
  static RunningTorg lenient;
  static FakePeer peer;
  static Actor group;
  static Actor lenientGroup;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    lenient = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_FEDERATION_SIGNATURE_CLOCK_SKEW_SECONDS", "10800"));
    group = torg.torg().services().localActors().create(ActorType.Group, "window", "Window", null, false).await();
    lenientGroup = lenient.torg().services().localActors().create(ActorType.Group, "window", "Window", null, false).await();
    peer = FakePeer.start(vertx);
    peer.addActor("clocky");
  }

  @AfterAll
  static void stop() {
    peer.close();
    lenient.close();
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> followSignedAt(RunningTorg target, Actor followed, SignatureFormat format, Instant signedAt) {
    byte[] body = peer.activity("Follow", "clocky", followed.uri()).encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = HttpSigner.sign(format, "POST", URI.create("http://torg.test/inbox"),
        Map.of("Content-Type", "application/activity+json"), body, peer.keyId("clocky"), peer.privateKey("clocky"), signedAt);
    var request = WebClient.create(vertx).post(target.port(), "127.0.0.1", "/inbox");
    headers.forEach(request::putHeader);
    return request.sendBuffer(Buffer.buffer(body)).await();
  }

  /** An hs2019 signature with {@code created} and {@code expires}, as Mastodon reads them. */
  private static HttpResponse<Buffer> followWithExpires(Instant created, Instant expires) throws Exception {
    byte[] body = peer.activity("Follow", "clocky", group.uri()).encode().getBytes(StandardCharsets.UTF_8);
    String digest = Digests.digestHeader(body);
    String signingString = "(request-target): post /inbox\nhost: torg.test\n(created): " + created.getEpochSecond()
        + "\n(expires): " + expires.getEpochSecond() + "\ndigest: " + digest;
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(peer.privateKey("clocky"));
    rsa.update(signingString.getBytes(StandardCharsets.UTF_8));
    return WebClient.create(vertx).post(torg.port(), "127.0.0.1", "/inbox")
        .putHeader("Host", "torg.test").putHeader("Content-Type", "application/activity+json")
        .putHeader("Date", HttpDates.format(Instant.now())).putHeader("Digest", digest)
        .putHeader("Signature", "keyId=\"" + peer.keyId("clocky") + "\",algorithm=\"hs2019\",created=" + created.getEpochSecond()
            + ",expires=" + expires.getEpochSecond() + ",headers=\"(request-target) host (created) (expires) digest\",signature=\""
            + Base64.getEncoder().encodeToString(rsa.sign()) + "\"")
        .sendBuffer(Buffer.buffer(body)).await();
  }

  private static void assertClockSkew(HttpResponse<Buffer> r, String why) {
    assertEquals(401, r.statusCode(), why + ": " + r.bodyAsString());
    assertEquals("signature_clock_skew", r.bodyAsJsonObject().getString("error"), why);
  }

  @Test
  void aDateTwoHoursOldOrAheadIsRefusedInBothFormats() {
    Instant now = Instant.now();
    for (SignatureFormat format : SignatureFormat.values()) {
      assertClockSkew(followSignedAt(torg, group, format, now.minus(Duration.ofHours(2))), format + ", 2 h old");
      assertClockSkew(followSignedAt(torg, group, format, now.plus(Duration.ofHours(2))), format + ", 2 h ahead");
      assertEquals(202, followSignedAt(torg, group, format, now.minus(Duration.ofMinutes(50))).statusCode(), format + ", 50 min old");
    }
  }

  @Test
  void aSignaturePastItsExpiresIsRefusedAndOneWithinItIsNot() throws Exception {
    Instant now = Instant.now();
    Instant created = now.minus(Duration.ofHours(3));
    assertClockSkew(followWithExpires(created, now.minus(Duration.ofHours(2))), "expired 2 h ago");
    HttpResponse<Buffer> valid = followWithExpires(created, now.plus(Duration.ofHours(1)));
    assertEquals(202, valid.statusCode(), "3 h old but valid for another hour: " + valid.bodyAsString());
  }

  @Test
  void theConfigKeyWidensTheWindow() {
    HttpResponse<Buffer> r = followSignedAt(lenient, lenientGroup, SignatureFormat.DRAFT_CAVAGE, Instant.now().minus(Duration.ofHours(2)));
    assertEquals(202, r.statusCode(), r.bodyAsString());
  }
}
