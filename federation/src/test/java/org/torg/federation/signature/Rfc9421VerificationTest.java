package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9421 rules: the RFC's own example, Fedify's fragment, and what a signature must cover. */
class Rfc9421VerificationTest {

  private static final KeyPair KEY = RsaKeys.generate();
  private static final Instant NOW = Instant.parse("2025-06-03T07:04:05Z");

  // RFC 9421 Appendix B.1.4 (test-key-ed25519) and B.2.6 (its signature over the test request).
  private static final String RFC_ED25519_SPKI = "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=";
  private static final String RFC_B26_INPUT = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
      + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
  private static final String RFC_B26_SIGNATURE =
      "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";

  private static IncomingRequest rfcTestRequest() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of("example.com"));
    headers.put("Date", List.of("Tue, 20 Apr 2021 02:07:55 GMT"));
    headers.put("Content-Type", List.of("application/json"));
    headers.put("Content-Digest", List.of("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"));
    headers.put("Content-Length", List.of("18"));
    headers.put("Signature-Input", List.of(RFC_B26_INPUT));
    headers.put("Signature", List.of(RFC_B26_SIGNATURE));
    return new IncomingRequest("POST", "/foo?param=Value&Pet=dog", "example.com", "https", headers,
        "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8));
  }

  private static PublicKey rfcEd25519Key() throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(RFC_ED25519_SPKI)));
  }

  @Test
  void buildsTheSignatureBaseOfRfc9421sExampleAndItsSignatureVerifies() throws GeneralSecurityException {
    IncomingRequest request = rfcTestRequest();
    Rfc9421Signature signature = (Rfc9421Signature) SignatureParser.parse(request).signature().orElseThrow();
    String base = Rfc9421SignatureBase.build(signature.components(), signature.signatureParams(), request,
        Rfc9421SignatureBase.targetUri(request));
    assertEquals("""
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@method": POST
        "@path": /foo
        "@authority": example.com
        "content-type": application/json
        "content-length": 18
        "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");\
        created=1618884473;keyid="test-key-ed25519\"""", base);
    assertTrue(Rfc9421Verifier.signedBy(SignatureAlgorithm.ED25519, signature, request, rfcEd25519Key(), List.of()));
    // The example does not cover Content-Digest, so as an inbox POST it proves nothing about the body.
    assertEquals(VerificationOutcome.DIGEST_MISSING,
        SignatureVerifier.verify(signature, request, rfcEd25519Key(), Instant.parse("2021-04-20T02:08:00Z")));
  }

  @Test
  void derivedComponentsFollowTheRfc() {
    IncomingRequest request = new IncomingRequest("GET", "/p/a%20th?q=1&r", "Example.COM:443", "https", Map.of(), new byte[0]);
    assertEquals("""
        "@method": GET
        "@target-uri": https://example.com/p/a%20th?q=1&r
        "@authority": example.com
        "@scheme": https
        "@request-target": /p/a%20th?q=1&r
        "@path": /p/a%20th
        "@query": ?q=1&r
        "@signature-params": ()""",
        Rfc9421SignatureBase.build(Rfc9421SignatureParser.DERIVED, "()", request, Rfc9421SignatureBase.targetUri(request)));
    IncomingRequest noQuery = new IncomingRequest("GET", "/", "localhost:8080", "http", Map.of(), new byte[0]);
    assertEquals("\"@query\": ?\n\"@target-uri\": http://localhost:8080/\n\"@signature-params\": ()",
        Rfc9421SignatureBase.build(List.of("@query", "@target-uri"), "()", noQuery, Rfc9421SignatureBase.targetUri(noQuery)));
  }

  /** What Fedify sends when it fetches a key: @target-uri is the key id, fragment and all. */
  private static IncomingRequest fedifyKeyFetch(String signedTargetUri) throws GeneralSecurityException {
    long created = NOW.getEpochSecond();
    String params = "(\"@method\" \"@target-uri\" \"@authority\" \"host\" \"date\");alg=\"rsa-v1_5-sha256\""
        + ";keyid=\"https://fedify.example/users/f#main-key\";created=" + created;
    String base = "\"@method\": GET\n\"@target-uri\": " + signedTargetUri + "\n\"@authority\": torg.example\n"
        + "\"host\": torg.example\n\"date\": " + HttpDates.format(NOW) + "\n\"@signature-params\": " + params;
    byte[] signature = SignatureAlgorithm.RSA_PKCS1_SHA256.sign(KEY.getPrivate(), base.getBytes(StandardCharsets.UTF_8));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("host", List.of("torg.example"));
    headers.put("date", List.of(HttpDates.format(NOW)));
    headers.put("signature-input", List.of("sig1=" + params));
    headers.put("signature", List.of("sig1=:" + Base64.getEncoder().encodeToString(signature) + ":"));
    return new IncomingRequest("GET", "/users/alice", "torg.example", "https", headers, new byte[0]);
  }

  @Test
  void fedifysFragmentInTheTargetUriVerifiesWhenTheCallerOffersIt() throws GeneralSecurityException {
    IncomingRequest request = fedifyKeyFetch("https://torg.example/users/alice#main-key");
    ParsedSignature signature = SignatureParser.parse(request).signature().orElseThrow();
    assertEquals(VerificationOutcome.BAD_SIGNATURE, SignatureVerifier.verify(signature, request, KEY.getPublic(), NOW));
    assertEquals(VerificationOutcome.VERIFIED, SignatureVerifier.verify(signature, request, KEY.getPublic(), NOW,
        List.of("https://torg.example/users/alice#other", "https://torg.example/users/alice#main-key")));

    IncomingRequest plain = fedifyKeyFetch("https://torg.example/users/alice");
    assertEquals(VerificationOutcome.VERIFIED, SignatureVerifier.verify(
        SignatureParser.parse(plain).signature().orElseThrow(), plain, KEY.getPublic(), NOW,
        List.of("https://torg.example/users/alice#main-key")));
  }

  /** Hand-signs a request whose Signature-Input is {@code sig1=<params>} and whose base ends with {@code signedParams}. */
  private static IncomingRequest handSigned(String method, String params, String signedParams, String baseLines, byte[] body,
      Map<String, String> extraHeaders) throws GeneralSecurityException {
    String base = baseLines + "\"@signature-params\": " + signedParams;
    byte[] signature = SignatureAlgorithm.RSA_PKCS1_SHA256.sign(KEY.getPrivate(), base.getBytes(StandardCharsets.UTF_8));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    extraHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
    headers.put("signature-input", List.of("sig1=" + params));
    headers.put("signature", List.of("sig1=:" + Base64.getEncoder().encodeToString(signature) + ":"));
    return new IncomingRequest(method, "/inbox", "torg.example", "https", headers, body);
  }

  private static VerificationOutcome verify(IncomingRequest request) {
    SignatureParseResult parsed = SignatureParser.parse(request);
    assertEquals(ParseOutcome.PARSED, parsed.outcome(), parsed.detail());
    return SignatureVerifier.verify(parsed.signature().orElseThrow(), request, KEY.getPublic(), NOW);
  }

  @Test
  void signatureParamsWithLooseSpacingVerifyAsSentAndAsCanonical() throws GeneralSecurityException {
    String lines = "\"@method\": GET\n\"@path\": /inbox\n";
    String loose = "( \"@method\"  \"@path\" );created=" + NOW.getEpochSecond() + ";keyid=\"k\"";
    String canonical = "(\"@method\" \"@path\");created=" + NOW.getEpochSecond() + ";keyid=\"k\"";
    assertEquals(VerificationOutcome.VERIFIED, verify(handSigned("GET", loose, loose, lines, new byte[0], Map.of())));
    assertEquals(VerificationOutcome.VERIFIED, verify(handSigned("GET", loose, canonical, lines, new byte[0], Map.of())));
  }

  @Test
  void aSignatureWithoutMethodTargetOrTimeProvesTooLittle() throws GeneralSecurityException {
    long created = NOW.getEpochSecond();
    assertEquals(VerificationOutcome.MISSING_HEADER, verify(handSigned("GET", "(\"@path\");created=" + created + ";keyid=\"k\"",
        "(\"@path\");created=" + created + ";keyid=\"k\"", "\"@path\": /inbox\n", new byte[0], Map.of())));
    assertEquals(VerificationOutcome.MISSING_HEADER, verify(handSigned("GET", "(\"@method\");created=" + created + ";keyid=\"k\"",
        "(\"@method\");created=" + created + ";keyid=\"k\"", "\"@method\": GET\n", new byte[0], Map.of())));
    assertEquals(VerificationOutcome.MISSING_HEADER, verify(handSigned("GET", "(\"@method\" \"@path\");keyid=\"k\"",
        "(\"@method\" \"@path\");keyid=\"k\"", "\"@method\": GET\n\"@path\": /inbox\n", new byte[0], Map.of())));
  }

  @Test
  void aPostMustCoverContentDigestAndItMustMatch() throws GeneralSecurityException {
    byte[] body = "{\"type\":\"Like\"}".getBytes(StandardCharsets.UTF_8);
    String params = "(\"@method\" \"@path\" \"content-digest\");created=" + NOW.getEpochSecond() + ";keyid=\"k\"";
    String digest = Digests.contentDigestHeader(body);
    String lines = "\"@method\": POST\n\"@path\": /inbox\n\"content-digest\": " + digest + "\n";
    IncomingRequest request = handSigned("POST", params, params, lines, body, Map.of("Content-Digest", digest));
    assertEquals(VerificationOutcome.VERIFIED, verify(request));
    assertEquals(VerificationOutcome.DIGEST_MISMATCH, verify(WireRequests.withBody(request, "{}".getBytes(StandardCharsets.UTF_8))));
    assertEquals(VerificationOutcome.MISSING_HEADER, verify(WireRequests.withoutHeader(request, "Content-Digest")));

    String withoutDigest = "(\"@method\" \"@path\");created=" + NOW.getEpochSecond() + ";keyid=\"k\"";
    assertEquals(VerificationOutcome.DIGEST_MISSING, verify(handSigned("POST", withoutDigest, withoutDigest,
        "\"@method\": POST\n\"@path\": /inbox\n", body, Map.of("Content-Digest", digest))));
  }

  @Test
  void expiresInThePastIsRefused() throws GeneralSecurityException {
    // Past by more than Mastodon's 1 h margin: within it, an expired signature is still taken.
    long created = NOW.getEpochSecond() - 3 * 3600;
    String params = "(\"@method\" \"@path\");created=" + created + ";expires=" + (created + 60) + ";keyid=\"k\"";
    assertEquals(VerificationOutcome.CLOCK_SKEW,
        verify(handSigned("GET", params, params, "\"@method\": GET\n\"@path\": /inbox\n", new byte[0], Map.of())));
  }

  @Test
  void anAlgorithmThatDoesNotFitTheKeyIsABadSignature() throws GeneralSecurityException {
    String params = "(\"@method\" \"@path\");created=" + NOW.getEpochSecond() + ";keyid=\"k\";alg=\"ed25519\"";
    assertEquals(VerificationOutcome.BAD_SIGNATURE,
        verify(handSigned("GET", params, params, "\"@method\": GET\n\"@path\": /inbox\n", new byte[0], Map.of())));
  }
}
