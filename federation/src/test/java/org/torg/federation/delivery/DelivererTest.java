package org.torg.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.federation.fetch.AddressPolicy;
import org.torg.federation.fetch.HostResolver;
import org.torg.federation.signature.HttpDates;
import org.torg.federation.signature.IncomingRequest;
import org.torg.federation.signature.ParseOutcome;
import org.torg.federation.signature.ParsedSignature;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.federation.signature.SignatureParseResult;
import org.torg.federation.signature.SignatureParser;
import org.torg.federation.signature.SignatureVerifier;
import org.torg.federation.signature.VerificationOutcome;

/**
 * The deliverer against real inboxes on 127.0.0.1, opted in to private addresses and plain
 * http as a test federation on one machine is; the refusals run without that opt-in.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DelivererTest {

  private static final KeyPair KEYS = RsaKeys.generate();
  private static final KeyPair OTHER_KEYS = RsaKeys.generate();
  private static final String KEY_ID = "https://torg.example/groups/lobby#main-key";
  private static final String USER_AGENT = "Torg/test (+https://torg.example)";
  private static final byte[] BODY = ("{\"@context\":\"https://www.w3.org/ns/activitystreams\","
      + "\"type\":\"Announce\",\"actor\":\"https://torg.example/groups/lobby\",\"content\":\"Grüße\"}")
      .getBytes(StandardCharsets.UTF_8);
  /** Short, so that the timeout tests stay short. */
  private static final Duration TEST_REQUEST_TIMEOUT = Duration.ofMillis(800);

  private Vertx vertx;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  // ---- what arrives ----

  @Test
  void theInboxReceivesTheBodySignedWithCavageAndADigestOfIt() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(202).end());
    Deliverer deliverer = deliverer(testFederation());

    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE);

    assertEquals(DeliveryOutcome.DELIVERED, result.outcome());
    assertEquals(202, result.status());
    assertEquals(SignatureFormat.DRAFT_CAVAGE, result.formatUsed());
    assertNull(result.error());
    assertEquals(Optional.empty(), result.retryAfter());
    assertEquals(1, inbox.requests.size());
    InboxServer.Received received = inbox.requests.get(0);
    assertEquals("POST", received.method());
    assertEquals("/inbox", received.uri());
    assertArrayEquals(BODY, received.body(), "the body is sent byte for byte");
    assertEquals("application/activity+json", received.headers().get("Content-Type"));
    assertEquals(USER_AGENT, received.headers().get("User-Agent"));
    assertEquals("127.0.0.1:" + inbox.port(), received.headers().get("Host"));
    assertEquals("SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(BODY)),
        received.headers().get("Digest"));
    String signature = received.headers().get("Signature");
    assertTrue(signature.contains("keyId=\"" + KEY_ID + "\""), signature);
    assertTrue(signature.contains("algorithm=\"rsa-sha256\""), signature);
    assertTrue(signature.contains("headers=\"(request-target) host date digest content-type\""), signature);
    assertFalse(received.headers().contains("Signature-Input"));

    IncomingRequest asReceived = received.asIncoming("http");
    ParsedSignature parsed = parse(asReceived);
    assertEquals(SignatureFormat.DRAFT_CAVAGE, parsed.format());
    assertEquals(KEY_ID, parsed.keyId());
    assertEquals(VerificationOutcome.VERIFIED,
        SignatureVerifier.verify(parsed, asReceived, KEYS.getPublic(), Instant.now()));
    assertEquals(VerificationOutcome.BAD_SIGNATURE,
        SignatureVerifier.verify(parsed, asReceived, OTHER_KEYS.getPublic(), Instant.now()),
        "the check above really checks");
  }

  @Test
  void anRfc9421DeliveryVerifiesToo() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(202).end());
    Deliverer deliverer = deliverer(testFederation());

    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.RFC9421);

    assertEquals(DeliveryOutcome.DELIVERED, result.outcome());
    assertEquals(SignatureFormat.RFC9421, result.formatUsed());
    InboxServer.Received received = inbox.requests.get(0);
    assertTrue(received.headers().get("Signature-Input").contains("\"content-digest\""));
    assertEquals("sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(BODY)) + ":",
        received.headers().get("Content-Digest"));
    IncomingRequest asReceived = received.asIncoming("http");
    ParsedSignature parsed = parse(asReceived);
    assertEquals(SignatureFormat.RFC9421, parsed.format());
    assertEquals(VerificationOutcome.VERIFIED,
        SignatureVerifier.verify(parsed, asReceived, KEYS.getPublic(), Instant.now()));
  }

  @Test
  void signsAtSendTimeNotWhenCalled() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(202).end());
    // Name resolution that takes 1.2 s: the signature must be made after it, just before sending.
    Duration dnsDelay = Duration.ofMillis(1200);
    HostResolver slowDns = name -> {
      Promise<List<InetAddress>> resolved = Promise.promise();
      vertx.setTimer(dnsDelay.toMillis(), fired -> resolved.complete(List.of(loopback())));
      return resolved.future();
    };
    Deliverer deliverer = new Deliverer(vertx, DeliveryOptions.defaults(true, USER_AGENT), slowDns,
        new AddressPolicy(true)::check, null);
    toClose.add(() -> deliverer.close().await(5, TimeUnit.SECONDS));
    Instant called = Instant.now();

    DeliveryResult result = deliver(deliverer, URI.create("http://slow.test:" + inbox.port() + "/inbox"),
        SignatureFormat.DRAFT_CAVAGE);

    assertEquals(DeliveryOutcome.DELIVERED, result.outcome());
    InboxServer.Received received = inbox.requests.get(0);
    Instant signedAt = HttpDates.parse(received.headers().get("Date")).orElseThrow();
    assertFalse(signedAt.isBefore(called.plus(dnsDelay).truncatedTo(ChronoUnit.SECONDS)),
        "Date " + signedAt + " is from before the send; called at " + called);
    assertFalse(signedAt.isAfter(received.at()), "Date " + signedAt + " after arrival " + received.at());
    assertEquals(VerificationOutcome.VERIFIED, SignatureVerifier.verify(parse(received.asIncoming("http")),
        received.asIncoming("http"), KEYS.getPublic(), Instant.now()));
    assertTrue(result.elapsed().compareTo(dnsDelay) >= 0, result.elapsed().toString());
  }

  @Test
  void theSignedHostIsTheHostSentWhateverTheCaseOfTheUrl() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(202).end());
    Deliverer deliverer = new Deliverer(vertx, DeliveryOptions.defaults(true, USER_AGENT),
        name -> Future.succeededFuture(List.of(loopback())), new AddressPolicy(true)::check, null);
    toClose.add(() -> deliverer.close().await(5, TimeUnit.SECONDS));

    for (SignatureFormat format : SignatureFormat.values()) {
      DeliveryResult result = deliver(deliverer,
          URI.create("http://Inbox.EXAMPLE:" + inbox.port() + "/users/Alice/inbox?x=1"), format);

      assertEquals(DeliveryOutcome.DELIVERED, result.outcome());
      InboxServer.Received received = inbox.requests.get(inbox.requests.size() - 1);
      assertEquals("/users/Alice/inbox?x=1", received.uri());
      assertEquals("inbox.example:" + inbox.port(), received.headers().get("Host"), "the Host that was signed");
      IncomingRequest asReceived = received.asIncoming("http");
      assertEquals(VerificationOutcome.VERIFIED,
          SignatureVerifier.verify(parse(asReceived), asReceived, KEYS.getPublic(), Instant.now()),
          format + " with Host " + received.headers().get("Host"));
    }
  }

  // ---- the double knock ----

  @Test
  void aCavage401IsFollowedByAnRfc9421Knock() throws Exception {
    InboxServer inbox = inbox((received, index, response) ->
        response.setStatusCode(received.signedWithRfc9421() ? 202 : 401).end("unverified"));
    Deliverer deliverer = deliverer(testFederation());

    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE);

    assertEquals(DeliveryOutcome.DELIVERED, result.outcome());
    assertEquals(202, result.status());
    assertEquals(SignatureFormat.RFC9421, result.formatUsed(), "the format the host accepts");
    assertEquals(2, inbox.requests.size());
    assertFalse(inbox.requests.get(0).signedWithRfc9421());
    assertTrue(inbox.requests.get(1).signedWithRfc9421());
    IncomingRequest second = inbox.requests.get(1).asIncoming("http");
    assertEquals(VerificationOutcome.VERIFIED,
        SignatureVerifier.verify(parse(second), second, KEYS.getPublic(), Instant.now()));
    assertArrayEquals(BODY, inbox.requests.get(1).body());
  }

  @Test
  void twoRefusedKnocksAreRetriedLater() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(401).end());
    Deliverer deliverer = deliverer(testFederation());

    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.RFC9421);

    assertEquals(DeliveryOutcome.RETRY, result.outcome());
    assertEquals(401, result.status());
    assertEquals(SignatureFormat.DRAFT_CAVAGE, result.formatUsed(), "the format of the last knock");
    assertEquals("HTTP 401", result.error());
    assertEquals(2, inbox.requests.size(), "one second knock, not more");
    assertTrue(inbox.requests.get(0).signedWithRfc9421());
    assertFalse(inbox.requests.get(1).signedWithRfc9421());
  }

  @Test
  void a400ToTheFirstKnockAlsoTriesTheOtherFormat() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(index == 0 ? 400 : 202).end());
    Deliverer deliverer = deliverer(testFederation());

    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.RFC9421);

    assertEquals(DeliveryOutcome.DELIVERED, result.outcome());
    assertEquals(SignatureFormat.DRAFT_CAVAGE, result.formatUsed());
    assertEquals(2, inbox.requests.size());
    assertFalse(inbox.requests.get(1).signedWithRfc9421());
  }

  @Test
  void otherRefusalsGetNoSecondKnock() throws Exception {
    for (int status : List.of(403, 500)) {
      InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(status).end());
      Deliverer deliverer = deliverer(testFederation());

      DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE);

      assertEquals(DeliveryOutcome.classify(status), result.outcome());
      assertEquals(SignatureFormat.DRAFT_CAVAGE, result.formatUsed());
      assertEquals(1, inbox.requests.size(), "status " + status);
    }
  }

  // ---- answers and failures ----

  @Test
  void a429WithRetryAfterIsRetriedNoSoonerThanAsked() throws Exception {
    InboxServer inbox = inbox((received, index, response) ->
        response.setStatusCode(429).putHeader("Retry-After", "30").end("slow down"));
    Deliverer deliverer = deliverer(testFederation());

    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE);

    assertEquals(DeliveryOutcome.RETRY, result.outcome());
    assertEquals(429, result.status());
    assertEquals(Optional.of(Duration.ofSeconds(30)), result.retryAfter());
    assertEquals("HTTP 429", result.error());
    assertEquals(1, inbox.requests.size());
  }

  @Test
  void a410IsRefused() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(410).end("gone"));
    Deliverer deliverer = deliverer(testFederation());

    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE);

    assertEquals(DeliveryOutcome.REFUSED, result.outcome());
    assertEquals(410, result.status());
    assertEquals("HTTP 410", result.error());
  }

  @Test
  void anInboxThatNeverAnswersIsRetriedAfterTheRequestTimeout() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> { });
    Deliverer deliverer = deliverer(testFederation());

    long started = System.nanoTime();
    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE);
    Duration waited = Duration.ofNanos(System.nanoTime() - started);

    assertEquals(DeliveryOutcome.RETRY, result.outcome());
    assertEquals(0, result.status());
    assertTrue(result.error() != null && !result.error().isBlank());
    assertTrue(waited.compareTo(TEST_REQUEST_TIMEOUT.minusMillis(50)) >= 0, waited.toString());
    assertTrue(waited.compareTo(TEST_REQUEST_TIMEOUT.plusMillis(700)) < 0, waited.toString());
    assertEquals(1, inbox.requests.size());
  }

  @Test
  void anInboxThatAnswersTooSlowlyAfterARefusedFirstKnockIsStillBoundedByTheRequestTimeout() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> {
      if (index == 0) {
        response.setStatusCode(401).end();
      }
    });
    Deliverer deliverer = deliverer(testFederation());

    long started = System.nanoTime();
    DeliveryResult result = deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE);
    Duration waited = Duration.ofNanos(System.nanoTime() - started);

    assertEquals(DeliveryOutcome.RETRY, result.outcome());
    assertEquals(0, result.status());
    assertEquals(SignatureFormat.RFC9421, result.formatUsed(), "timed out on the second knock");
    assertTrue(waited.compareTo(TEST_REQUEST_TIMEOUT.plusMillis(700)) < 0, waited.toString());
  }

  @Test
  void aRefusedConnectionIsRetried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
      closedPort = socket.getLocalPort();
    }
    Deliverer deliverer = deliverer(testFederation());

    DeliveryResult result = deliver(deliverer, URI.create("http://127.0.0.1:" + closedPort + "/inbox"),
        SignatureFormat.DRAFT_CAVAGE);

    assertEquals(DeliveryOutcome.RETRY, result.outcome());
    assertEquals(0, result.status());
    assertTrue(result.error().contains("refused"), result.error());
  }

  @Test
  void aNameThatDoesNotResolveIsRetried() throws Exception {
    Deliverer deliverer = new Deliverer(vertx, DeliveryOptions.defaults(false, USER_AGENT),
        name -> Future.failedFuture(new UnknownHostException(name)), new AddressPolicy(false)::check, null);
    toClose.add(() -> deliverer.close().await(5, TimeUnit.SECONDS));

    DeliveryResult result = deliver(deliverer, URI.create("https://gone.example/inbox"), SignatureFormat.DRAFT_CAVAGE);

    assertEquals(DeliveryOutcome.RETRY, result.outcome());
    assertEquals(0, result.status());
    assertTrue(result.error().contains("gone.example"), result.error());
  }

  @Test
  void aLongAnswerIsCutOffAndDoesNotHurtTheNextDelivery() throws Exception {
    Buffer huge = Buffer.buffer(new byte[1024 * 1024]);
    InboxServer inbox = inbox((received, index, response) -> {
      if (index == 0) {
        response.setStatusCode(202).end(huge);
      } else {
        response.setStatusCode(202).end();
      }
    });
    Deliverer deliverer = deliverer(testFederation());

    assertEquals(DeliveryOutcome.DELIVERED, deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE).outcome());
    assertEquals(DeliveryOutcome.DELIVERED, deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE).outcome());
    assertEquals(2, inbox.requests.size());
  }

  @Test
  void consecutiveDeliveriesToOneHostReuseTheConnection() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(202).end("{\"ok\":true}"));
    Deliverer deliverer = deliverer(testFederation());

    for (int i = 0; i < 5; i++) {
      assertEquals(DeliveryOutcome.DELIVERED, deliver(deliverer, inbox.inbox(), SignatureFormat.DRAFT_CAVAGE).outcome());
    }

    assertEquals(5, inbox.requests.size());
    assertEquals(1, inbox.connections.get(), "keep-alive: the answer was read and the connection pooled");
  }

  @Test
  void aKeyThatCannotSignFailsTheFutureAndSendsNothing() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(202).end());
    Deliverer deliverer = deliverer(testFederation());

    Exception failure = assertThrows(Exception.class, () -> deliverer.deliver(inbox.inbox(), BODY,
        "https://torg.example/actor#\"quoted\"", KEYS.getPrivate(), SignatureFormat.DRAFT_CAVAGE)
        .await(5, TimeUnit.SECONDS));

    assertTrue(failure instanceof IllegalArgumentException
        || failure.getCause() instanceof IllegalArgumentException, failure.toString());
    assertEquals(0, inbox.requests.size());
  }

  // ---- refusals without the private-address opt-in ----

  @Test
  void refusesPrivateInboxesWithoutOptInAndNeverConnects() throws Exception {
    InboxServer inbox = inbox((received, index, response) -> response.setStatusCode(202).end());
    Deliverer deliverer = deliverer(DeliveryOptions.defaults(false, USER_AGENT));

    for (String url : List.of("http://127.0.0.1:" + inbox.port() + "/inbox",
        "https://localhost:" + inbox.port() + "/inbox",
        "https://127.0.0.1:" + inbox.port() + "/inbox",
        "https://[::ffff:127.0.0.1]:" + inbox.port() + "/inbox",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/inbox",
        "ftp://example.com/inbox",
        "/inbox")) {
      DeliveryResult result = deliver(deliverer, URI.create(url), SignatureFormat.DRAFT_CAVAGE);
      assertEquals(DeliveryOutcome.BLOCKED_ADDRESS, result.outcome(), url);
      assertEquals(0, result.status(), url);
      assertTrue(result.error() != null, url);
    }
    DeliveryResult localhost = deliver(deliverer, URI.create("https://localhost:" + inbox.port() + "/inbox"),
        SignatureFormat.DRAFT_CAVAGE);
    assertTrue(localhost.error().contains("LOOPBACK"), localhost.error());

    assertEquals(0, inbox.connections.get());
    assertEquals(0, inbox.requests.size());
  }

  @Test
  void refusesANameWhenAnyOfItsAddressesIsPrivate() throws Exception {
    List<InetAddress> publicThenPrivate =
        List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7"));
    Deliverer deliverer = new Deliverer(vertx, DeliveryOptions.defaults(false, USER_AGENT),
        name -> Future.succeededFuture(publicThenPrivate), new AddressPolicy(false)::check, null);
    toClose.add(() -> deliverer.close().await(5, TimeUnit.SECONDS));

    DeliveryResult result = deliver(deliverer, URI.create("https://mixed.example/inbox"), SignatureFormat.DRAFT_CAVAGE);

    assertEquals(DeliveryOutcome.BLOCKED_ADDRESS, result.outcome());
    assertTrue(result.error().contains("10.0.0.7 (PRIVATE)"), result.error());
  }

  // ---- concurrency ----

  @Test
  void slowInboxesDoNotHoldEachOtherUp() throws Exception {
    int hosts = 50;
    long answerAfterMillis = 200;
    List<InboxServer> inboxes = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      inboxes.add(inbox((received, index, response) ->
          vertx.setTimer(answerAfterMillis, fired -> response.setStatusCode(202).end())));
    }
    Deliverer deliverer = deliverer(DeliveryOptions.defaults(true, USER_AGENT));
    // Warm up class loading and the signer outside the measurement.
    deliver(deliverer, inboxes.get(0).inbox(), SignatureFormat.DRAFT_CAVAGE);

    long started = System.nanoTime();
    List<Future<DeliveryResult>> deliveries = new ArrayList<>();
    for (InboxServer inbox : inboxes) {
      deliveries.add(deliverer.deliver(inbox.inbox(), BODY, KEY_ID, KEYS.getPrivate(), SignatureFormat.DRAFT_CAVAGE));
    }
    Future.all(deliveries).await(20, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    for (Future<DeliveryResult> delivery : deliveries) {
      assertEquals(DeliveryOutcome.DELIVERED, delivery.result().outcome(), delivery.result().toString());
    }
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0,
        hosts + " deliveries of " + answerAfterMillis + " ms each took " + took.toMillis() + " ms");
    for (InboxServer inbox : inboxes.subList(1, hosts)) {
      assertEquals(1, inbox.requests.size());
    }
  }

  @Test
  void manyDeliveriesToOneHostShareItsPool() throws Exception {
    int deliveries = 12;
    InboxServer inbox = inbox((received, index, response) ->
        vertx.setTimer(100, fired -> response.setStatusCode(202).end()));
    Deliverer deliverer = deliverer(new DeliveryOptions(true, Duration.ofSeconds(5), Duration.ofSeconds(10),
        USER_AGENT, 4));

    List<Future<DeliveryResult>> all = new ArrayList<>();
    for (int i = 0; i < deliveries; i++) {
      all.add(deliverer.deliver(inbox.inbox(), BODY, KEY_ID, KEYS.getPrivate(), SignatureFormat.DRAFT_CAVAGE));
    }
    Future.all(all).await(20, TimeUnit.SECONDS);

    for (Future<DeliveryResult> delivery : all) {
      assertEquals(DeliveryOutcome.DELIVERED, delivery.result().outcome());
    }
    assertEquals(deliveries, inbox.requests.size());
    assertTrue(inbox.connections.get() <= 4, "at most maxPoolPerHost connections: " + inbox.connections.get());
  }

  // ---- helpers ----

  private InboxServer inbox(InboxServer.Responder responder) throws Exception {
    InboxServer inbox = InboxServer.start(vertx, responder);
    toClose.add(inbox);
    return inbox;
  }

  private static DeliveryOptions testFederation() {
    return new DeliveryOptions(true, Duration.ofSeconds(2), TEST_REQUEST_TIMEOUT, USER_AGENT, 4);
  }

  private Deliverer deliverer(DeliveryOptions options) {
    Deliverer deliverer = new Deliverer(vertx, options);
    toClose.add(() -> deliverer.close().await(5, TimeUnit.SECONDS));
    return deliverer;
  }

  private static DeliveryResult deliver(Deliverer deliverer, URI inbox, SignatureFormat firstFormat)
      throws Exception {
    return deliverer.deliver(inbox, BODY, KEY_ID, KEYS.getPrivate(), firstFormat).await(15, TimeUnit.SECONDS);
  }

  private static ParsedSignature parse(IncomingRequest request) {
    SignatureParseResult parsed = SignatureParser.parse(request);
    assertEquals(ParseOutcome.PARSED, parsed.outcome(), parsed.detail());
    return parsed.signature().orElseThrow();
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
