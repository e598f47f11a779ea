package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What HttpSigner sends, SignatureVerifier accepts; and what was changed on the way, it refuses. */
class SignatureRoundTripTest {

  private static final KeyPair RSA = RsaKeys.generate();
  private static final KeyPair OTHER_RSA = RsaKeys.generate();
  private static final KeyPair ED25519 = ed25519();
  private static final Instant NOW = Instant.parse("2025-06-03T07:04:05Z");
  private static final URI INBOX = URI.create("https://mastodon.example/inbox");
  private static final URI OUTBOX = URI.create("https://Mastodon.example:443/users/alice/outbox?page=true&min_id=1");
  private static final String KEY_ID = "https://torg.example/groups/lobby#main-key";
  private static final byte[] BODY =
      "{\"type\":\"Announce\",\"actor\":\"https://torg.example/groups/lobby\"}".getBytes(StandardCharsets.UTF_8);
  private static final Map<String, String> POST_HEADERS = Map.of("Content-Type", "application/activity+json");
  private static final Map<String, String> GET_HEADERS = Map.of("Accept", "application/activity+json, application/ld+json");

  private static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IncomingRequest signedPost(SignatureFormat format, KeyPair key, Instant at) {
    Map<String, String> sent = HttpSigner.sign(format, "POST", INBOX, POST_HEADERS, BODY, KEY_ID, key.getPrivate(), at);
    return WireRequests.received("POST", INBOX, sent, BODY);
  }

  private static IncomingRequest signedGet(SignatureFormat format, KeyPair key, Instant at) {
    Map<String, String> sent = HttpSigner.sign(format, "GET", OUTBOX, GET_HEADERS, null, KEY_ID, key.getPrivate(), at);
    return WireRequests.received("GET", OUTBOX, sent, new byte[0]);
  }

  private static VerificationOutcome verify(IncomingRequest request, PublicKey key) {
    SignatureParseResult parsed = SignatureParser.parse(request);
    assertEquals(ParseOutcome.PARSED, parsed.outcome(), parsed.detail());
    return SignatureVerifier.verify(parsed.signature().orElseThrow(), request, key, NOW);
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void aSignedPostVerifies(SignatureFormat format) {
    IncomingRequest request = signedPost(format, RSA, NOW);
    assertEquals(VerificationOutcome.VERIFIED, verify(request, RSA.getPublic()));
    assertEquals(format, SignatureParser.parse(request).signature().orElseThrow().format());
    assertEquals(KEY_ID, SignatureParser.parse(request).signature().orElseThrow().keyId());
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void aSignedGetWithAQueryVerifies(SignatureFormat format) {
    assertEquals(VerificationOutcome.VERIFIED, verify(signedGet(format, RSA, NOW), RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void ed25519KeysSignAndVerify(SignatureFormat format) {
    assertEquals(VerificationOutcome.VERIFIED, verify(signedPost(format, ED25519, NOW), ED25519.getPublic()));
    assertEquals(VerificationOutcome.VERIFIED, verify(signedGet(format, ED25519, NOW), ED25519.getPublic()));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(signedPost(format, ED25519, NOW), RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void aChangedBodyIsADigestMismatch(SignatureFormat format) {
    IncomingRequest tampered = WireRequests.withBody(signedPost(format, RSA, NOW),
        "{\"type\":\"Delete\",\"actor\":\"https://torg.example/groups/lobby\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(VerificationOutcome.DIGEST_MISMATCH, verify(tampered, RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void aChangedDigestHeaderIsABadSignature(SignatureFormat format) {
    IncomingRequest request = signedPost(format, RSA, NOW);
    byte[] other = "{}".getBytes(StandardCharsets.UTF_8);
    IncomingRequest tampered = format == SignatureFormat.DRAFT_CAVAGE
        ? WireRequests.withHeader(WireRequests.withBody(request, other), "Digest", Digests.digestHeader(other))
        : WireRequests.withHeader(WireRequests.withBody(request, other), "Content-Digest", Digests.contentDigestHeader(other));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(tampered, RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void aChangedSignedHeaderIsABadSignature(SignatureFormat format) {
    IncomingRequest tampered = WireRequests.withHeader(signedPost(format, RSA, NOW), "Content-Type", "text/html");
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(tampered, RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void anotherTargetIsABadSignature(SignatureFormat format) {
    IncomingRequest tampered = WireRequests.withTarget(signedPost(format, RSA, NOW), "/users/bob/inbox");
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(tampered, RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void anotherKeyIsABadSignature(SignatureFormat format) {
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(signedPost(format, RSA, NOW), OTHER_RSA.getPublic()));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(signedGet(format, RSA, NOW), OTHER_RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void theTimeWindowIsAnHourAheadAndSixtyFiveMinutesBehind(SignatureFormat format) {
    Duration minute = Duration.ofMinutes(1);
    Duration ahead = SignatureWindow.MASTODON.clockSkewMargin();
    Duration behind = SignatureWindow.MASTODON.defaultValidity().plus(SignatureWindow.MASTODON.clockSkewMargin());
    assertEquals(VerificationOutcome.VERIFIED, verify(signedPost(format, RSA, NOW.plus(ahead)), RSA.getPublic()));
    assertEquals(VerificationOutcome.CLOCK_SKEW, verify(signedPost(format, RSA, NOW.plus(ahead).plus(minute)), RSA.getPublic()));
    assertEquals(VerificationOutcome.VERIFIED, verify(signedPost(format, RSA, NOW.minus(behind)), RSA.getPublic()));
    assertEquals(VerificationOutcome.CLOCK_SKEW, verify(signedGet(format, RSA, NOW.minus(behind).minus(minute)), RSA.getPublic()));
    assertEquals(VerificationOutcome.CLOCK_SKEW, verify(signedPost(format, RSA, NOW.minus(Duration.ofDays(30))), RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void aSignedHeaderThatDidNotArriveIsMissing(SignatureFormat format) {
    IncomingRequest request = WireRequests.withoutHeader(signedPost(format, RSA, NOW), "Content-Type");
    assertEquals(VerificationOutcome.MISSING_HEADER, verify(request, RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void aBodyOnASignatureWithoutDigestIsDigestMissing(SignatureFormat format) {
    // A GET signature (no digest) replayed as a POST with a body.
    IncomingRequest get = signedGet(format, RSA, NOW);
    IncomingRequest post = new IncomingRequest("POST", get.pathAndQuery(), get.authority(), get.scheme(), get.headers(), BODY);
    assertEquals(VerificationOutcome.DIGEST_MISSING, verify(post, RSA.getPublic()));
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void theSignerWritesWhatPeersExpect(SignatureFormat format) {
    Map<String, String> post = HttpSigner.sign(format, "POST", INBOX, POST_HEADERS, BODY, KEY_ID, RSA.getPrivate(), NOW);
    assertEquals("mastodon.example", post.get("Host"));
    assertEquals("Tue, 03 Jun 2025 07:04:05 GMT", post.get("Date"));
    assertEquals("application/activity+json", post.get("Content-Type"));
    if (format == SignatureFormat.DRAFT_CAVAGE) {
      assertEquals(Digests.digestHeader(BODY), post.get("Digest"));
      assertTrue(post.get("Signature").startsWith("keyId=\"" + KEY_ID + "\",algorithm=\"rsa-sha256\","
          + "headers=\"(request-target) host date digest content-type\",signature=\""), post.get("Signature"));
      assertFalse(post.containsKey("Signature-Input"));
    } else {
      assertEquals(Digests.contentDigestHeader(BODY), post.get("Content-Digest"));
      assertEquals("sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\");created=1748934245"
          + ";keyid=\"" + KEY_ID + "\";alg=\"rsa-v1_5-sha256\"", post.get("Signature-Input"));
      assertTrue(post.get("Signature").matches("sig1=:[A-Za-z0-9+/]{342}==:"), post.get("Signature"));
    }

    Map<String, String> get = HttpSigner.sign(format, "GET", OUTBOX, GET_HEADERS, null, KEY_ID, RSA.getPrivate(), NOW);
    assertEquals("mastodon.example", get.get("Host"), "host lower-cased, default port dropped");
    assertFalse(get.containsKey("Digest") || get.containsKey("Content-Digest"));
    if (format == SignatureFormat.DRAFT_CAVAGE) {
      assertTrue(get.get("Signature").contains(",headers=\"(request-target) host date accept\","), get.get("Signature"));
    } else {
      assertTrue(get.get("Signature-Input").startsWith("sig1=(\"@method\" \"@target-uri\");created="), get.get("Signature-Input"));
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureFormat.class)
  void theSignersOwnHostDateAndSignatureReplaceTheCallers(SignatureFormat format) {
    Map<String, String> headers = Map.of("Accept", "application/activity+json", "host", "evil.example",
        "DATE", "Mon, 01 Jan 2001 00:00:00 GMT", "signature", "forged");
    Map<String, String> sent = HttpSigner.sign(format, "GET", URI.create("http://localhost:8080/actor#main-key"),
        headers, new byte[0], KEY_ID, RSA.getPrivate(), NOW);
    assertEquals(Map.of("Accept", "application/activity+json", "Host", "localhost:8080", "Date", HttpDates.format(NOW)),
        Map.of("Accept", sent.get("Accept"), "Host", sent.get("Host"), "Date", sent.get("Date")));
    assertFalse(sent.containsKey("host") || sent.containsKey("DATE") || sent.containsKey("signature"));
    IncomingRequest received = WireRequests.received("GET", URI.create("http://localhost:8080/actor"), sent, new byte[0]);
    assertEquals(VerificationOutcome.VERIFIED, verify(received, RSA.getPublic()));
  }
}
