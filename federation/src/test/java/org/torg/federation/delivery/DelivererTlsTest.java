package org.torg.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.TrustOptions;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.torg.federation.fetch.AddressPolicy;
import org.torg.federation.fetch.AddressVerdict;
import org.torg.federation.fetch.HostResolver;
import org.torg.federation.signature.IncomingRequest;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.federation.signature.SignatureParser;
import org.torg.federation.signature.SignatureVerifier;
import org.torg.federation.signature.VerificationOutcome;

/**
 * The production configuration — https only, private addresses refused — against real TLS
 * inboxes on loopback. Test names resolve to 127.0.0.x through a test resolver, and the address
 * check lets 127.0.0.1 alone pass as if it were public: every other refusal is the real
 * {@link AddressPolicy}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DelivererTlsTest {

  private static final KeyPair KEYS = RsaKeys.generate();
  private static final String KEY_ID = "https://torg.example/groups/lobby#main-key";
  private static final byte[] BODY = "{\"type\":\"Create\"}".getBytes(StandardCharsets.UTF_8);

  private final InetAddress standInPublicAddress;
  private final Map<String, InetAddress> dns;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private Vertx vertx;

  DelivererTlsTest() throws UnknownHostException {
    standInPublicAddress = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    dns = Map.of(
        "inbox.test", standInPublicAddress,
        "internal.test", InetAddress.getByAddress(new byte[] {127, 0, 0, 2}));
  }

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

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void deliversOverTlsToTheVettedAddressWithTheNameForHostSniAndCertificate(SignatureFormat format) throws Exception {
    SelfSignedCertificate certificate = certificate("inbox.test");
    InboxServer inbox = tlsInbox(certificate);
    Deliverer deliverer = deliverer(certificate.trustOptions());

    DeliveryResult result = deliverer.deliver(URI.create("https://inbox.test:" + inbox.port() + "/inbox"), BODY,
        KEY_ID, KEYS.getPrivate(), format).await(10, TimeUnit.SECONDS);

    assertEquals(DeliveryOutcome.DELIVERED, result.outcome(), String.valueOf(result));
    InboxServer.Received received = inbox.requests.get(0);
    assertEquals("inbox.test", received.serverName(), "TLS SNI names the host, not the address");
    assertEquals("inbox.test:" + inbox.port(), received.headers().get("Host"));
    IncomingRequest asReceived = received.asIncoming("https");
    assertEquals(VerificationOutcome.VERIFIED, SignatureVerifier.verify(
        SignatureParser.parse(asReceived).signature().orElseThrow(), asReceived, KEYS.getPublic(), Instant.now()));
  }

  @Test
  void aCertificateForAnotherNameIsRetriedWithoutSendingAnything() throws Exception {
    SelfSignedCertificate certificate = certificate("other.test");
    InboxServer inbox = tlsInbox(certificate);
    Deliverer deliverer = deliverer(certificate.trustOptions());

    DeliveryResult result = deliverer.deliver(URI.create("https://inbox.test:" + inbox.port() + "/inbox"), BODY,
        KEY_ID, KEYS.getPrivate(), SignatureFormat.DRAFT_CAVAGE).await(10, TimeUnit.SECONDS);

    assertEquals(DeliveryOutcome.RETRY, result.outcome());
    assertEquals(0, result.status());
    assertTrue(result.error().contains("No name matching inbox.test"), result.error());
    assertEquals(0, inbox.requests.size());
  }

  @Test
  void aNameResolvingToARefusedAddressIsBlockedBeforeConnecting() throws Exception {
    SelfSignedCertificate certificate = certificate("internal.test");
    InboxServer inbox = tlsInbox(certificate);
    Deliverer deliverer = deliverer(certificate.trustOptions());

    DeliveryResult result = deliverer.deliver(URI.create("https://internal.test:" + inbox.port() + "/inbox"), BODY,
        KEY_ID, KEYS.getPrivate(), SignatureFormat.DRAFT_CAVAGE).await(10, TimeUnit.SECONDS);

    assertEquals(DeliveryOutcome.BLOCKED_ADDRESS, result.outcome());
    assertTrue(result.error().contains("127.0.0.2 (LOOPBACK)"), result.error());
    assertEquals(0, inbox.connections.get());
  }

  @Test
  void plainHttpIsBlockedWithoutTheOptIn() throws Exception {
    Deliverer deliverer = deliverer(null);

    DeliveryResult result = deliverer.deliver(URI.create("http://inbox.test/inbox"), BODY,
        KEY_ID, KEYS.getPrivate(), SignatureFormat.DRAFT_CAVAGE).await(10, TimeUnit.SECONDS);

    assertEquals(DeliveryOutcome.BLOCKED_ADDRESS, result.outcome());
    assertTrue(result.error().startsWith("scheme not allowed"), result.error());
  }

  // ---- helpers ----

  private SelfSignedCertificate certificate(String hostName) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(hostName);
    toClose.add(certificate::delete);
    return certificate;
  }

  private InboxServer tlsInbox(SelfSignedCertificate certificate) throws Exception {
    HttpServerOptions options = new HttpServerOptions()
        .setSsl(true)
        .setSni(true)
        .setKeyCertOptions(certificate.keyCertOptions());
    InboxServer inbox = InboxServer.start(vertx, options, (received, index, response) -> response.setStatusCode(202).end());
    toClose.add(0, inbox);
    return inbox;
  }

  /** Production options: https only, the real policy except for the stand-in public address. */
  private Deliverer deliverer(TrustOptions trust) {
    AddressPolicy policy = new AddressPolicy(false);
    HostResolver resolver = name -> {
      InetAddress address = dns.get(name);
      return address == null
          ? Future.failedFuture(new UnknownHostException(name))
          : Future.succeededFuture(List.of(address));
    };
    Deliverer deliverer = new Deliverer(vertx, DeliveryOptions.defaults(false, "Torg/test"), resolver,
        address -> address.equals(standInPublicAddress) ? AddressVerdict.ALLOWED : policy.check(address), trust);
    toClose.add(() -> deliverer.close().await(5, TimeUnit.SECONDS));
    return deliverer;
  }
}
