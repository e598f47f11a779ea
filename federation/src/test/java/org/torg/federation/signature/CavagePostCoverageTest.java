package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a draft-cavage POST must sign: {@code (request-target)}, {@code host}, a time and
 * {@code digest}. The header sets are the ones each server's code signs its deliveries with
 * (Mastodon {@code app/lib/request.rb}, GoToSocial {@code internal/transport/signing.go}, Misskey
 * {@code ApRequestService.createSignedPost}, Fedify {@code signRequestDraft}: every header of the
 * request in the order Headers iterates them; Pleroma signs its header map in key order); every one keeps working,
 * and a POST that leaves out where it goes is refused before any key is needed.
 */
class CavagePostCoverageTest {

  private static final KeyPair KEY = RsaKeys.generate();
  private static final Instant NOW = Instant.parse("2025-06-03T07:04:05Z");
  private static final byte[] BODY = "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);
  private static final Map<String, String> SENT = Map.of(
      "host", "torg.example",
      "date", HttpDates.format(NOW),
      "digest", Digests.digestHeader(BODY),
      "content-type", "application/activity+json",
      "content-length", Integer.toString(BODY.length),
      "accept", "application/activity+json",
      "user-agent", "peer/1.0");

  /** A POST to /inbox signed by hand over {@code covered}, as a peer's signer would build it. */
  private static IncomingRequest signedOver(String covered) {
    String signingString = List.of(covered.split(" ")).stream()
        .map(h -> h.equals("(request-target)") ? h + ": post /inbox" : h + ": " + SENT.get(h))
        .collect(Collectors.joining("\n"));
    try {
      byte[] signature = SignatureAlgorithm.RSA_PKCS1_SHA256.sign(KEY.getPrivate(), signingString.getBytes(StandardCharsets.UTF_8));
      Map<String, List<String>> headers = new LinkedHashMap<>();
      SENT.forEach((name, value) -> headers.put(name, List.of(value)));
      headers.put("signature", List.of("keyId=\"https://peer.example/users/a#main-key\",algorithm=\"rsa-sha256\",headers=\""
          + covered + "\",signature=\"" + Base64.getEncoder().encodeToString(signature) + "\""));
      return new IncomingRequest("POST", "/inbox", "torg.example", "https", headers, BODY);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static VerificationOutcome verify(IncomingRequest request) {
    ParsedSignature signature = SignatureParser.parse(request).signature().orElseThrow();
    return SignatureVerifier.verify(signature, request, KEY.getPublic(), NOW);
  }

  private static VerificationOutcome beforeKey(IncomingRequest request) {
    ParsedSignature signature = SignatureParser.parse(request).signature().orElseThrow();
    return SignatureVerifier.refuseBeforeKey(signature, request).orElse(VerificationOutcome.VERIFIED);
  }

  @Test
  void everyPeersHeaderSetVerifies() {
    Map<String, String> peers = Map.of(
        "Mastodon 4.x", "(request-target) host date digest content-type",
        "Mastodon 3.x", "(request-target) user-agent host date digest content-type",
        "GoToSocial", "(request-target) host date digest",
        "Misskey", "(request-target) date host digest",
        "Fedify", "(request-target) accept content-type date digest host user-agent",
        "Pleroma/Akkoma", "(request-target) content-length date digest host");
    peers.forEach((peer, covered) -> {
      assertEquals(VerificationOutcome.VERIFIED, beforeKey(signedOver(covered)), peer + " passes the checks before the key");
      assertEquals(VerificationOutcome.VERIFIED, verify(signedOver(covered)), peer);
    });
  }

  @Test
  void aPostThatDoesNotSignWhereItGoesIsRefusedBeforeTheKey() {
    for (String covered : List.of("date digest", "host date digest", "(request-target) date digest", "digest date content-type")) {
      assertEquals(VerificationOutcome.MISSING_HEADER, beforeKey(signedOver(covered)), covered);
      assertEquals(VerificationOutcome.MISSING_HEADER, verify(signedOver(covered)), covered);
    }
    assertEquals(VerificationOutcome.DIGEST_MISSING, beforeKey(signedOver("(request-target) host date")));
  }

  @Test
  void aMalformedOrAbsentDigestIsRefusedBeforeTheKey() {
    IncomingRequest good = signedOver("(request-target) host date digest");
    IncomingRequest hex = WireRequests.withHeader(good, "Digest", "SHA-256=" + "ab".repeat(32));
    assertEquals(VerificationOutcome.DIGEST_MALFORMED, beforeKey(hex));
    assertEquals(VerificationOutcome.DIGEST_MALFORMED, verify(hex));
    assertEquals(VerificationOutcome.DIGEST_MALFORMED, beforeKey(WireRequests.withHeader(good, "Digest", "MD5=abc")));
    assertEquals(VerificationOutcome.MISSING_HEADER, beforeKey(WireRequests.withoutHeader(good, "Digest")));
    assertTrue(SignatureVerifier.refuseBeforeKey(SignatureParser.parse(good).signature().orElseThrow(), good).isEmpty());
  }
}
