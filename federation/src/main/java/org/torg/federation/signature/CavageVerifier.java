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

  static VerificationOutcome verify(CavageSignature signature, IncomingRequest request, PublicKey key, Instant now,
      SignatureWindow window) {
    Optional<VerificationOutcome> refused = refuseBeforeKey(signature, request);
    if (refused.isPresent()) {
      return refused.get();
    }
    List<String> covered = signature.headers();

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

    Optional<Instant> created = covered.contains(CavageSignatureParser.CREATED) ? signature.created() : Optional.empty();
    if (covered.contains(CavageSignatureParser.CREATED) && created.isEmpty()) {
      return VerificationOutcome.CLOCK_SKEW;
    }
    if (!SignatureVerifier.inWindow(created, covered.contains("date"), signature.expires(), request, now, window)) {
      return VerificationOutcome.CLOCK_SKEW;
    }
    return VerificationOutcome.VERIFIED;
  }

  /**
   * What needs neither the key nor any cryptography: what the signature covers, and whether the
   * digest it covers is there and readable.
   */
  static Optional<VerificationOutcome> refuseBeforeKey(CavageSignature signature, IncomingRequest request) {
    List<String> covered = signature.headers();
    if (!coversEnough(covered, request)) {
      return Optional.of(VerificationOutcome.MISSING_HEADER);
    }
    if (SignatureVerifier.needsDigest(request) && !covered.contains("digest") && !covered.contains("content-digest")) {
      return Optional.of(VerificationOutcome.DIGEST_MISSING);
    }
    if (CavageSigningString.absentHeader(covered, request).isPresent()) {
      return Optional.of(VerificationOutcome.MISSING_HEADER);
    }
    if ((covered.contains("digest") && !Digests.digestHeaderWellFormed(request.signedValue("digest").orElseThrow()))
        || (covered.contains("content-digest") && !Digests.contentDigestWellFormed(request.signedValue("content-digest").orElseThrow()))) {
      return Optional.of(VerificationOutcome.DIGEST_MALFORMED);
    }
    return Optional.empty();
  }

  /**
   * A time always ({@code date} or {@code (created)}). A GET: {@code host}, and the target
   * ({@code (request-target)}, or a {@code digest} as Mastodon allows). A POST: both
   * {@code (request-target)} and {@code host}, which Mastodon, GoToSocial, Misskey, Pleroma,
   * Lemmy and Fedify all sign: without them a POST signed for one inbox or server could be
   * replayed to another (its {@code digest} binds the body, not where it goes).
   */
  private static boolean coversEnough(List<String> covered, IncomingRequest request) {
    boolean coversTime = covered.contains("date") || covered.contains(CavageSignatureParser.CREATED);
    boolean coversRequestTarget = covered.contains(CavageSignatureParser.REQUEST_TARGET);
    boolean coversHost = covered.contains("host");
    if (SignatureVerifier.isPost(request)) {
      return coversTime && coversRequestTarget && coversHost;
    }
    boolean coversTarget = coversRequestTarget || covered.contains("digest");
    return coversTime && coversTarget && (!SignatureVerifier.isGet(request) || coversHost);
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
