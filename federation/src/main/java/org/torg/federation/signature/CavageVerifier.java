package org.torg.federation.signature;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.torg.federation.signature.CavageSigningString.RequestTargetForm;

/** Verification of a draft-cavage signature; see {@link SignatureVerifier}. */
final class CavageVerifier {

  private CavageVerifier() {}

  static VerificationOutcome verify(CavageSignature signature, IncomingRequest request, PublicKey key, Instant now) {
    List<String> covered = signature.headers();
    boolean coversTime = covered.contains("date") || covered.contains(CavageSignatureParser.CREATED);
    boolean coversTarget = covered.contains(CavageSignatureParser.REQUEST_TARGET) || covered.contains("digest");
    if (!coversTime || !coversTarget || (SignatureVerifier.isGet(request) && !covered.contains("host"))) {
      return VerificationOutcome.MISSING_HEADER;
    }
    if (SignatureVerifier.needsDigest(request) && !covered.contains("digest") && !covered.contains("content-digest")) {
      return VerificationOutcome.DIGEST_MISSING;
    }
    if (CavageSigningString.absentHeader(covered, request).isPresent()) {
      return VerificationOutcome.MISSING_HEADER;
    }

    Optional<SignatureAlgorithm> algorithm = signature.algorithm()
        .filter("rsa-sha256"::equals)
        .map(a -> SignatureAlgorithm.RSA_PKCS1_SHA256)
        // hs2019 and no algorithm mean "the key decides" (RSA in practice; Ed25519 works too).
        .or(() -> SignatureAlgorithm.forKey(key));
    if (algorithm.isEmpty() || !signedBy(algorithm.get(), signature, request, key)) {
      return VerificationOutcome.BAD_SIGNATURE;
    }

    if (covered.contains("digest") && !Digests.digestHeaderMatches(request.signedValue("digest").orElseThrow(), request.rawBody())) {
      return VerificationOutcome.DIGEST_MISMATCH;
    }
    if (covered.contains("content-digest")
        && !Digests.contentDigestMatches(request.signedValue("content-digest").orElseThrow(), request.rawBody())) {
      return VerificationOutcome.DIGEST_MISMATCH;
    }

    if (covered.contains("date")) {
      Optional<Instant> date = SignatureVerifier.signedDate(request);
      if (date.isEmpty() || !SignatureVerifier.withinWindow(date.get(), now)) {
        return VerificationOutcome.CLOCK_SKEW;
      }
    }
    if (covered.contains(CavageSignatureParser.CREATED) && !SignatureVerifier.withinWindow(signature.created().orElseThrow(), now)) {
      return VerificationOutcome.CLOCK_SKEW;
    }
    if (!SignatureVerifier.notExpired(signature.expires(), now)) {
      return VerificationOutcome.CLOCK_SKEW;
    }
    return VerificationOutcome.VERIFIED;
  }

  /**
   * With the query in {@code (request-target)} first, then without it when the request has a
   * query: Mastodon 4.2 and Misskey sign the path only (mastodon#31994, misskey#17734).
   */
  private static boolean signedBy(SignatureAlgorithm algorithm, CavageSignature signature, IncomingRequest request, PublicKey key) {
    byte[] bytes = signature.signature();
    for (RequestTargetForm form : RequestTargetForm.values()) {
      if (form == RequestTargetForm.PATH_ONLY
          && (request.query().isEmpty() || !signature.headers().contains(CavageSignatureParser.REQUEST_TARGET))) {
        break;
      }
      String signingString = CavageSigningString.build(signature.headers(), signature.parameters(), request, form);
      if (algorithm.verifies(key, signingString.getBytes(StandardCharsets.UTF_8), bytes)) {
        return true;
      }
    }
    return false;
  }
}
