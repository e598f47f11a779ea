package org.torg.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.TrustOptions;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production configuration — https only, private addresses refused — against real TLS
 * servers on loopback. Test host names resolve to 127.0.0.x through a test resolver, and the
 * address check lets 127.0.0.1 alone pass as if it were a public address: so every other
 * refusal below is the real {@link AddressPolicy} at work.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DocumentFetcherTlsTest {

  private static final String USER_AGENT = "Torg/test";

  private final Map<String, InetAddress> dns;
  private final InetAddress standInPublicAddress;
  private final List<String> resolved = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final RecordingSigner signer = new RecordingSigner();
  private Vertx vertx;

  DocumentFetcherTlsTest() throws UnknownHostException {
    standInPublicAddress = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    dns = Map.of(
        "actor.test", standInPublicAddress,
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

  @Test
  void fetchesOverTlsFromTheVettedAddressWithTheHostNameForSniAndCertificate() throws Exception {
    SelfSignedCertificate certificate = certificate("actor.test");
    LocalServer server = tlsServer(certificate, "127.0.0.1", request -> document(request, "actor.test"));
    DocumentFetcher fetcher = fetcher(certificate.trustOptions());
    URI url = URI.create("https://actor.test:" + server.port() + "/users/alice");

    FetchedDocument fetched = fetcher.fetchJson(url).await(10, TimeUnit.SECONDS);

    assertEquals(url, fetched.finalUrl());
    LocalServer.Seen seen = server.lastRequest();
    assertEquals("actor.test", seen.serverName(), "TLS SNI names the host, not the address");
    assertEquals("actor.test:" + server.port(), seen.headers().get("Host"));
    assertEquals("GET " + url + " host=actor.test:" + server.port(), seen.headers().get(RecordingSigner.HEADER));
    assertEquals(List.of("actor.test"), resolved);
  }

  @Test
  void refusesACertificateForAnotherName() throws Exception {
    SelfSignedCertificate certificate = certificate("other.test");
    LocalServer server = tlsServer(certificate, "127.0.0.1", request -> document(request, "actor.test"));
    DocumentFetcher fetcher = fetcher(certificate.trustOptions());

    FetchException failure = fetchFailure(fetcher, "https://actor.test:" + server.port() + "/users/alice");

    assertEquals(FetchException.Reason.CONNECTION_FAILED, failure.reason());
    assertTrue(failure.getMessage().contains("No name matching actor.test"),
        "the certificate is checked against the host name, not the address: " + failure.getMessage());
    assertEquals(0, server.requests.size());
  }

  @Test
  void refusesAnUntrustedCertificate() throws Exception {
    SelfSignedCertificate certificate = certificate("actor.test");
    LocalServer server = tlsServer(certificate, "127.0.0.1", request -> document(request, "actor.test"));
    DocumentFetcher fetcher = fetcher(null);

    FetchException failure = fetchFailure(fetcher, "https://actor.test:" + server.port() + "/users/alice");

    assertEquals(FetchException.Reason.CONNECTION_FAILED, failure.reason());
    assertTrue(failure.getMessage().contains("unable to find valid certification path"), failure.getMessage());
    assertEquals(0, server.requests.size());
  }

  @Test
  void vetsTheAddressOfEveryRedirectHop() throws Exception {
    SelfSignedCertificate certificate = certificate("internal.test");
    LocalServer internal = tlsServer(certificate, "127.0.0.2", request -> document(request, "internal.test"));
    SelfSignedCertificate publicCertificate = certificate("actor.test");
    LocalServer server = tlsServer(publicCertificate, "127.0.0.1", request -> request.response()
        .setStatusCode(302).putHeader("Location", "https://internal.test:" + internal.port() + "/admin").end());
    DocumentFetcher fetcher = fetcher(publicCertificate.trustOptions());

    FetchException failure = fetchFailure(fetcher, "https://actor.test:" + server.port() + "/users/alice");

    assertEquals(FetchException.Reason.ADDRESS_NOT_ALLOWED, failure.reason());
    assertTrue(failure.getMessage().contains("127.0.0.2 (LOOPBACK)"), failure.getMessage());
    assertEquals(List.of("actor.test", "internal.test"), resolved);
    assertEquals(1, server.requests.size());
    assertEquals(0, internal.connections.get(), "the internal server is never contacted");
  }

  @Test
  void refusesARedirectToPlainHttp() throws Exception {
    SelfSignedCertificate certificate = certificate("actor.test");
    LocalServer server = tlsServer(certificate, "127.0.0.1", request -> request.response()
        .setStatusCode(301).putHeader("Location", "http://actor.test:" + request.localAddress().port() + "/x").end());
    DocumentFetcher fetcher = fetcher(certificate.trustOptions());

    FetchException failure = fetchFailure(fetcher, "https://actor.test:" + server.port() + "/users/alice");

    assertEquals(FetchException.Reason.SCHEME_NOT_ALLOWED, failure.reason());
    assertEquals(1, server.requests.size());
  }

  // ---- helpers ----

  private SelfSignedCertificate certificate(String hostName) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(hostName);
    toClose.add(certificate::delete);
    return certificate;
  }

  private LocalServer tlsServer(SelfSignedCertificate certificate, String address,
      Handler<HttpServerRequest> handler) throws Exception {
    HttpServerOptions options = new HttpServerOptions()
        .setSsl(true)
        .setSni(true)
        .setKeyCertOptions(certificate.keyCertOptions());
    LocalServer server = LocalServer.start(vertx, options, address, handler);
    toClose.add(0, server);
    return server;
  }

  /** Production options: https only, the real policy except for the stand-in public address. */
  private DocumentFetcher fetcher(TrustOptions trust) {
    AddressPolicy policy = new AddressPolicy(false);
    HostResolver resolver = name -> {
      resolved.add(name);
      InetAddress address = dns.get(name);
      return address == null
          ? Future.failedFuture(new UnknownHostException(name))
          : Future.succeededFuture(List.of(address));
    };
    DocumentFetcher fetcher = new DocumentFetcher(vertx, FetchOptions.defaults(false, USER_AGENT), signer, resolver,
        address -> address.equals(standInPublicAddress) ? AddressVerdict.ALLOWED : policy.check(address), trust);
    toClose.add(() -> fetcher.close().await(5, TimeUnit.SECONDS));
    return fetcher;
  }

  private static void document(HttpServerRequest request, String hostName) {
    String id = "https://" + hostName + ":" + request.localAddress().port() + request.uri();
    request.response()
        .putHeader("Content-Type", "application/activity+json")
        .end(new JsonObject().put("id", id).put("type", "Person").encode());
  }

  private static FetchException fetchFailure(DocumentFetcher fetcher, String url) {
    Exception thrown = assertThrows(Exception.class,
        () -> fetcher.fetchJson(URI.create(url)).await(10, TimeUnit.SECONDS));
    Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    return assertInstanceOf(FetchException.class, cause, () -> "for " + url + ": " + thrown);
  }
}
