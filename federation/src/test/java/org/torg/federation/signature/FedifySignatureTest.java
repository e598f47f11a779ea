package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torg and Fedify check each other's HTTP signatures, in both formats: Fedify's own
 * {@code signRequest} signs and Torg's {@link SignatureParser} and {@link SignatureVerifier}
 * verify; Torg's {@link HttpSigner} signs and Fedify's {@code verifyRequestDetailed} verifies.
 * Fedify runs in Node through {@code interop/signatures.mjs}, its version pinned by
 * {@code interop/package-lock.json}. Fedify signs with RSA only, in either format (it refuses an
 * Ed25519 key), so Ed25519 is checked one way: Torg's RFC 9421 {@code ed25519}, verified by Fedify.
 *
 * <p>Skipped when node or the installed Fedify is missing (run {@code npm ci --prefix interop});
 * failed instead when {@code CI=true}, where {@code .ci/run} installs both.
 */
class FedifySignatureTest {

  private static final KeyPair RSA = RsaKeys.generate();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY_ID = "https://peer.example/users/alice#main-key";
  private static final String TORG_KEY_ID = "https://torg.example/actor#main-key";
  private static final byte[] BODY = ("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"type\":\"Create\","
      + "\"actor\":\"https://peer.example/users/alice\",\"object\":{\"type\":\"Note\",\"content\":\"Gr\u00fc\u00dfe \u2764\"}}")
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_BODY = "{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8);
  private static final Map<String, String> POST_HEADERS = Map.of("Content-Type", "application/activity+json");
  private static final Map<String, String> GET_HEADERS = Map.of("Accept", "application/activity+json");

  /** The interop package: the repository's {@code interop/}, next to this module. */
  private static final Path INTEROP = Path.of(System.getProperty("user.dir")).resolve("../interop").normalize();

  @TempDir
  Path dir;

  private ExternalCommand node;

  @BeforeEach
  void requireFedify() {
    Optional<ExternalCommand> found = ExternalCommand.find("node");
    String missing = found.isEmpty() ? "node is not installed"
        : !Files.isRegularFile(INTEROP.resolve("node_modules/@fedify/fedify/package.json"))
            ? "Fedify is not installed in " + INTEROP.resolve("node_modules")
            : !Files.isRegularFile(INTEROP.resolve("signatures.mjs")) ? INTEROP.resolve("signatures.mjs") + " is missing" : null;
    if (missing != null) {
      String message = missing + ": run `npm ci --prefix interop` in the repository root to check signatures against Fedify";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message + " (CI=true: .ci/run installs it, so this is not skipped in CI)");
      }
      Assumptions.abort(message);
    }
    node = found.orElseThrow();
  }

  // --- Fedify signs, Torg verifies -------------------------------------------------------------

  @Test
  void anRfc9421PostSignedByFedifyVerifies() throws IOException {
    Instant now = Instant.now();
    IncomingRequest request = signedByFedify("rfc9421", "POST", "https://torg.example/inbox", POST_HEADERS, BODY);
    ParsedSignature signature = parsed(request);
    assertEquals(SignatureFormat.RFC9421, signature.format());
    assertTrue(request.header("signature-input").orElseThrow().contains("\"content-digest\""), request.headers().toString());

    assertEquals(VerificationOutcome.VERIFIED, verify(request, RSA.getPublic(), now), request.headers().toString());
    assertEquals(VerificationOutcome.DIGEST_MISMATCH, verify(WireRequests.withBody(request, OTHER_BODY), RSA.getPublic(), now));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(WireRequests.withTarget(request, "/users/bob/inbox"), RSA.getPublic(), now));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(request, RsaKeys.generate().getPublic(), now));
  }

  @Test
  void aCavagePostSignedByFedifyVerifies() throws IOException {
    Instant now = Instant.now();
    IncomingRequest request = signedByFedify("draft-cavage", "POST", "https://torg.example/inbox", POST_HEADERS, BODY);
    ParsedSignature signature = parsed(request);
    assertEquals(SignatureFormat.DRAFT_CAVAGE, signature.format());
    assertTrue(request.header("digest").isPresent(), request.headers().toString());

    assertEquals(VerificationOutcome.VERIFIED, verify(request, RSA.getPublic(), now), request.headers().toString());
    assertEquals(VerificationOutcome.DIGEST_MISMATCH, verify(WireRequests.withBody(request, OTHER_BODY), RSA.getPublic(), now));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(WireRequests.withTarget(request, "/users/bob/inbox"), RSA.getPublic(), now));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(request, RsaKeys.generate().getPublic(), now));
  }

  /**
   * GETs with a query, in both formats. Fedify's draft-cavage {@code (request-target)} is the
   * path without the query, which Torg accepts as it does Mastodon 4.2's and Misskey's: such a
   * signature does not cover the query, so only RFC 9421's can be checked against another one.
   */
  @Test
  void getsWithAQuerySignedByFedifyVerify() throws IOException {
    Instant now = Instant.now();
    for (String format : List.of("rfc9421", "draft-cavage")) {
      IncomingRequest request = signedByFedify(format, "GET", "https://torg.example/groups/lobby/outbox?page=2", GET_HEADERS, new byte[0]);
      assertEquals(VerificationOutcome.VERIFIED, verify(request, RSA.getPublic(), now), format + " " + request.headers());
      assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(WireRequests.withTarget(request, "/groups/other/outbox?page=2"),
          RSA.getPublic(), now), format);
    }
    IncomingRequest rfc9421 = signedByFedify("rfc9421", "GET", "https://torg.example/groups/lobby/outbox?page=2", GET_HEADERS,
        new byte[0]);
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(WireRequests.withTarget(rfc9421, "/groups/lobby/outbox?page=3"),
        RSA.getPublic(), now));
  }

  // --- Torg signs, Fedify verifies -------------------------------------------------------------

  @Test
  void anRfc9421PostSignedByHttpSignerVerifiesWithFedify() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    for (KeyPair key : List.of(RSA, ed)) {
      URI inbox = URI.create("https://peer.example/users/alice/inbox");
      Map<String, String> sent = HttpSigner.sign(SignatureFormat.RFC9421, "POST", inbox, POST_HEADERS, BODY, TORG_KEY_ID,
          key.getPrivate(), Instant.now());
      String algorithm = key.getPublic().getAlgorithm();
      assertVerifiedByFedify("POST", inbox, sent, BODY, key.getPublic(), algorithm);
      assertRefusedByFedify("POST", inbox, sent, OTHER_BODY, key.getPublic(), algorithm + " with another body");
      assertRefusedByFedify("POST", URI.create("https://peer.example/users/bob/inbox"), sent, BODY, key.getPublic(),
          algorithm + " to another inbox");
      assertRefusedByFedify("POST", inbox, sent, BODY, RsaKeys.generate().getPublic(), algorithm + " under another key");
    }
  }

  @Test
  void aCavagePostSignedByHttpSignerVerifiesWithFedify() throws IOException {
    URI inbox = URI.create("https://peer.example/users/alice/inbox");
    Map<String, String> sent = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", inbox, POST_HEADERS, BODY, TORG_KEY_ID,
        RSA.getPrivate(), Instant.now());
    assertVerifiedByFedify("POST", inbox, sent, BODY, RSA.getPublic(), "cavage");
    assertRefusedByFedify("POST", inbox, sent, OTHER_BODY, RSA.getPublic(), "cavage with another body");
    assertRefusedByFedify("POST", URI.create("https://peer.example/users/bob/inbox"), sent, BODY, RSA.getPublic(),
        "cavage to another inbox");
    assertRefusedByFedify("POST", inbox, sent, BODY, RsaKeys.generate().getPublic(), "cavage under another key");
  }

  @Test
  void getsSignedByHttpSignerVerifyWithFedify() throws IOException {
    for (SignatureFormat format : SignatureFormat.values()) {
      URI outbox = URI.create("https://peer.example/users/alice/outbox");
      Map<String, String> sent = HttpSigner.sign(format, "GET", outbox, GET_HEADERS, null, TORG_KEY_ID, RSA.getPrivate(), Instant.now());
      assertVerifiedByFedify("GET", outbox, sent, new byte[0], RSA.getPublic(), format.name());
      assertRefusedByFedify("GET", URI.create("https://peer.example/users/bob/outbox"), sent, new byte[0], RSA.getPublic(),
          format + " for another URL");
    }
    // RFC 9421 signs the query in @target-uri, and Fedify checks it.
    URI page = URI.create("https://peer.example/users/alice/outbox?page=2");
    Map<String, String> sent = HttpSigner.sign(SignatureFormat.RFC9421, "GET", page, GET_HEADERS, null, TORG_KEY_ID,
        RSA.getPrivate(), Instant.now());
    assertVerifiedByFedify("GET", page, sent, new byte[0], RSA.getPublic(), "RFC 9421 with a query");
    assertRefusedByFedify("GET", URI.create("https://peer.example/users/alice/outbox?page=3"), sent, new byte[0],
        RSA.getPublic(), "RFC 9421 for another query");
  }

  /**
   * Fedify's draft-cavage verifier rebuilds {@code (request-target)} from the path alone, so a
   * cavage GET with a query verifies there only when signed without it, as Mastodon 4.2 signed;
   * Torg signs the path and query, as the draft and Mastodon 4.3 do. Torg signs RFC 9421 first,
   * which carries the query, so this bites only a peer that accepts draft-cavage alone. The
   * assertion pins the behaviour of the pinned Fedify: when it changes, revisit this note.
   */
  @Test
  void fedifyLeavesTheQueryOutOfACavageRequestTarget() throws IOException {
    URI page = URI.create("https://peer.example/users/alice/outbox?page=2");
    Map<String, String> sent = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "GET", page, GET_HEADERS, null, TORG_KEY_ID,
        RSA.getPrivate(), Instant.now());
    JsonNode result = fedifyVerifies("GET", page, sent, new byte[0], RSA.getPublic());
    assertFalse(result.get("verified").asBoolean(), "Fedify now verifies a cavage (request-target) with its query: " + sent);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private JsonNode fedify(Map<String, Object> job) throws IOException {
    Path input = Files.createTempFile(dir, "job", ".json");
    JSON.writeValue(input.toFile(), job);
    return JSON.readTree(node.run(dir, input, INTEROP.resolve("signatures.mjs").toString()));
  }

  /** The request Torg receives after Fedify signed it: every header Fedify sent, Host included. */
  private IncomingRequest signedByFedify(String format, String method, String url, Map<String, String> headers, byte[] body)
      throws IOException {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("op", "sign");
    job.put("format", format);
    job.put("method", method);
    job.put("url", url);
    job.put("headers", headers);
    job.put("bodyBase64", Base64.getEncoder().encodeToString(body));
    job.put("keyId", KEY_ID);
    job.put("privateKeyPem", privateKeyPem(RSA.getPrivate()));
    JsonNode signed = fedify(job).get("headers");
    Map<String, List<String>> received = new LinkedHashMap<>();
    signed.fields().forEachRemaining(e -> received.put(e.getKey(), List.of(e.getValue().asText())));
    URI uri = URI.create(url);
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new IncomingRequest(method, target, signed.path("host").asText(), uri.getScheme(), received, body);
  }

  private JsonNode fedifyVerifies(String method, URI url, Map<String, String> headers, byte[] body, PublicKey key)
      throws IOException {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("op", "verify");
    job.put("method", method);
    job.put("url", url.toString());
    job.put("headers", headers);
    job.put("bodyBase64", Base64.getEncoder().encodeToString(body));
    job.put("keyId", TORG_KEY_ID);
    job.put("publicKeyPem", publicKeyPem(key));
    return fedify(job);
  }

  private void assertVerifiedByFedify(String method, URI url, Map<String, String> headers, byte[] body, PublicKey key, String what)
      throws IOException {
    JsonNode result = fedifyVerifies(method, url, headers, body, key);
    assertTrue(result.get("verified").asBoolean(), what + ": Fedify refused (" + result.path("reason").asText() + ") " + headers);
  }

  private void assertRefusedByFedify(String method, URI url, Map<String, String> headers, byte[] body, PublicKey key, String what)
      throws IOException {
    JsonNode result = fedifyVerifies(method, url, headers, body, key);
    assertFalse(result.get("verified").asBoolean(), what + ": Fedify verified " + headers);
  }

  private static ParsedSignature parsed(IncomingRequest request) {
    SignatureParseResult parsed = SignatureParser.parse(request);
    assertEquals(ParseOutcome.PARSED, parsed.outcome(), parsed.detail() + " " + request.headers());
    return parsed.signature().orElseThrow();
  }

  private static VerificationOutcome verify(IncomingRequest request, PublicKey key, Instant now) {
    return SignatureVerifier.verify(parsed(request), request, key, now);
  }

  private static String privateKeyPem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** SPKI PEM for RSA ({@link RsaKeys#publicKeyPem}) and Ed25519 alike. */
  private static String publicKeyPem(PublicKey key) {
    return RsaKeys.publicKeyPem(key);
  }
}
