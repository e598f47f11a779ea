package org.torg.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.federation.signature.CavageSignature;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.IncomingRequest;
import org.torg.federation.signature.ParsedSignature;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.federation.signature.SignatureParser;
import org.torg.federation.signature.SignatureVerifier;
import org.torg.federation.signature.SignedGetForm;
import org.torg.federation.signature.VerificationOutcome;

/**
 * Signed GETs knock as Fedify's do: RFC 9421 first, then draft-cavage with the query, then
 * without it (what Fedify's cavage verifier rebuilds), each at once after a 401 or 403, and the
 * form a host answered is tried first next time. The servers here verify for real, with Torg's
 * verifier, and accept only the form they stand for.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SignedGetKnocksTest {

  private static final KeyPair KEY = RsaKeys.generate();
  private static final String KEY_ID = "https://torg.example/actor#main-key";

  private Vertx vertx;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<SignedGetForm> signedAs = new CopyOnWriteArrayList<>();

  /** Signs in every form, as the instance actor's signer does, and notes which. */
  private final RequestSigner signer = new RequestSigner() {
    @Override
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers) {
      return sign(method, uri, headers, SignedGetForm.CAVAGE);
    }

    @Override
    public List<SignedGetForm> forms() {
      return List.of(SignedGetForm.values());
    }

    @Override
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, SignedGetForm form) {
      signedAs.add(form);
      return HttpSigner.signGet(form, uri, headers, KEY_ID, KEY.getPrivate(), Instant.now());
    }
  };

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

  /**
   * A server that verifies the signature as received and answers the document only when it
   * verifies and {@code accepts} its format; with {@code pathOnly}, it rebuilds the request
   * target without the query, as Fedify does for draft-cavage.
   */
  private LocalServer verifyingServer(Predicate<ParsedSignature> accepts, boolean pathOnly) throws Exception {
    LocalServer[] holder = new LocalServer[1];
    holder[0] = LocalServer.start(vertx, request -> {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      request.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue()));
      String target = pathOnly && SignatureParser.parse(request(request, headers, request.uri())).signature()
          .filter(s -> s instanceof CavageSignature).isPresent() ? request.path() : request.uri();
      IncomingRequest incoming = request(request, headers, target);
      Optional<ParsedSignature> signature = SignatureParser.parse(incoming).signature();
      boolean verified = signature.isPresent() && accepts.test(signature.get())
          && SignatureVerifier.verify(signature.get(), incoming, KEY.getPublic(), Instant.now()) == VerificationOutcome.VERIFIED;
      if (!verified) {
        request.response().setStatusCode(401).end("unauthorized");
        return;
      }
      String id = "http://127.0.0.1:" + holder[0].port() + request.uri();
      request.response().putHeader("Content-Type", "application/activity+json").end("{\"id\":\"" + id + "\",\"type\":\"OrderedCollectionPage\"}");
    });
    toClose.add(holder[0]);
    return holder[0];
  }

  private static IncomingRequest request(HttpServerRequest request, Map<String, List<String>> headers, String target) {
    return new IncomingRequest("GET", target, request.getHeader("Host"), "http", headers, new byte[0]);
  }

  private DocumentFetcher fetcher() {
    DocumentFetcher fetcher = new DocumentFetcher(vertx, FetchOptions.defaults(true, "Torg/test"), signer);
    toClose.add(() -> fetcher.close().await());
    return fetcher;
  }

  @Test
  void anRfc9421VerifierIsAnsweredAtTheFirstKnock() throws Exception {
    LocalServer server = verifyingServer(s -> s.format() == SignatureFormat.RFC9421, false);
    DocumentFetcher fetcher = fetcher();
    fetcher.fetchJson(URI.create(server.url("/groups/g/outbox?page=2"))).await();
    assertEquals(List.of(SignedGetForm.RFC9421), signedAs);
    assertEquals(1, server.requests.size());
  }

  @Test
  void aFedifyStyleCavageVerifierGetsThePathOnlyFormAndTheHostIsRemembered() throws Exception {
    LocalServer server = verifyingServer(s -> s.format() == SignatureFormat.DRAFT_CAVAGE, true);
    DocumentFetcher fetcher = fetcher();
    fetcher.fetchJson(URI.create(server.url("/groups/g/outbox?page=2"))).await();
    assertEquals(List.of(SignedGetForm.RFC9421, SignedGetForm.CAVAGE, SignedGetForm.CAVAGE_PATH_ONLY), signedAs);
    assertEquals(3, server.requests.size());
    assertEquals(Optional.of(SignedGetForm.CAVAGE_PATH_ONLY), fetcher.acceptedForm("127.0.0.1:" + server.port()));

    signedAs.clear();
    fetcher.fetchJson(URI.create(server.url("/groups/g/outbox?page=3"))).await();
    assertEquals(List.of(SignedGetForm.CAVAGE_PATH_ONLY), signedAs, "the remembered form first");
    assertEquals(4, server.requests.size());
  }

  @Test
  void withoutAQueryTwoKnocksAreAll() throws Exception {
    LocalServer server = verifyingServer(s -> s.format() == SignatureFormat.DRAFT_CAVAGE, false);
    DocumentFetcher fetcher = fetcher();
    fetcher.fetchJson(URI.create(server.url("/users/alice"))).await();
    assertEquals(List.of(SignedGetForm.RFC9421, SignedGetForm.CAVAGE), signedAs);
  }

  @Test
  void aServerThatRefusesEveryFormIsKnockedAtABoundedNumberOfTimes() throws Exception {
    LocalServer server = verifyingServer(s -> false, false);
    DocumentFetcher fetcher = fetcher();
    Exception failure = assertThrows(Exception.class,
        () -> fetcher.fetchJson(URI.create(server.url("/groups/g/outbox?page=2"))).await());
    assertTrue(failure instanceof FetchException f && f.status() == 401, failure.toString());
    assertEquals(3, server.requests.size());
    assertEquals(Optional.empty(), fetcher.acceptedForm("127.0.0.1:" + server.port()));
  }
}
