package org.torg.federation.signature;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Verification of an RFC 9421 signature; see {@link SignatureVerifier}. */
final class Rfc9421Verifier {

  private Rfc9421Verifier() {}

  static VerificationOutcome verify(
      Rfc9421Signature signature, IncomingRequest request, PublicKey key, Instant now, List<String> alternativeTargetUris,
      SignatureWindow window) {
    Optional<VerificationOutcome> refused = refuseBeforeKey(signature, request);
    if (refused.isPresent()) {
      return refused.get();
    }
    List<String> covered = signature.components();

    Optional<SignatureAlgorithm> algorithm = signature.algorithm().isPresent()
        ? signature.algorithm().flatMap(SignatureAlgorithm::fromRfc9421Name)
        : SignatureAlgorithm.forKey(key);
    if (algorithm.isEmpty() || !signedBy(algorithm.get(), signature, request, key, alternativeTargetUris)) {
      return VerificationOutcome.BAD_SIGNATURE;
    }

    if (covered.contains("content-digest")
        && !Digests.contentDigestMatches(request.signedValue("content-digest").orElseThrow(), request.rawBody())) {
      return VerificationOutcome.DIGEST_MISMATCH;
    }

    if (!SignatureVerifier.inWindow(signature.created(), covered.contains("date"), signature.expires(), request, now, window)) {
      return VerificationOutcome.CLOCK_SKEW;
    }
    return VerificationOutcome.VERIFIED;
  }

  /** What needs neither the key nor any cryptography: coverage, and a readable covered Content-Digest. */
  static Optional<VerificationOutcome> refuseBeforeKey(Rfc9421Signature signature, IncomingRequest request) {
    List<String> covered = signature.components();
    boolean coversTarget = covered.contains("@target-uri") || covered.contains("@request-target") || covered.contains("@path");
    boolean hasTime = signature.created().isPresent() || covered.contains("date");
    if (!covered.contains("@method") || !coversTarget || !hasTime) {
      return Optional.of(VerificationOutcome.MISSING_HEADER);
    }
    if (SignatureVerifier.needsDigest(request) && !covered.contains("content-digest")) {
      return Optional.of(VerificationOutcome.DIGEST_MISSING);
    }
    if (Rfc9421SignatureBase.absentHeader(covered, request).isPresent()) {
      return Optional.of(VerificationOutcome.MISSING_HEADER);
    }
    if (covered.contains("content-digest") && !Digests.contentDigestWellFormed(request.signedValue("content-digest").orElseThrow())) {
      return Optional.of(VerificationOutcome.DIGEST_MALFORMED);
    }
    return Optional.empty();
  }

  /**
   * Tries the target URI rebuilt from the request, then the caller's alternatives; and the
   * signature parameters as received, then re-serialized, in case a proxy or a lax signer
   * changed spacing.
   */
  static boolean signedBy(
      SignatureAlgorithm algorithm, Rfc9421Signature signature, IncomingRequest request, PublicKey key,
      List<String> alternativeTargetUris) {
    List<String> targets = new ArrayList<>();
    targets.add(Rfc9421SignatureBase.targetUri(request));
    if (signature.components().contains("@target-uri")) {
      targets.addAll(alternativeTargetUris);
    }
    Set<String> paramForms = new LinkedHashSet<>(List.of(signature.signatureParams(), signature.canonicalSignatureParams()));
    byte[] bytes = signature.signature();
    for (String target : new LinkedHashSet<>(targets)) {
      for (String params : paramForms) {
        String base = Rfc9421SignatureBase.build(signature.components(), params, request, target);
        if (algorithm.verifies(key, base.getBytes(StandardCharsets.UTF_8), bytes)) {
          return true;
        }
      }
    }
    return false;
  }
}
