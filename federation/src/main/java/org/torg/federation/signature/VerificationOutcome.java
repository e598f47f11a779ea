package org.torg.federation.signature;

/**
 * What {@link SignatureVerifier} concluded. Everything but {@link #VERIFIED} must be answered
 * with 401: Fedify falls back from RFC 9421 to draft-cavage only on a 401.
 *
 * <p>{@link #MISSING_HEADER}, {@link #DIGEST_MISSING} and {@link #DIGEST_MALFORMED} are decided
 * before any cryptography (see {@link SignatureVerifier#refuseBeforeKey});
 * {@link #DIGEST_MISMATCH} and {@link #CLOCK_SKEW} only once the signature has verified, so
 * they describe authentic but unusable requests. Only {@link #BAD_SIGNATURE} can mean the key
 * was rotated: that is the one outcome worth refetching the key for.
 */
public enum VerificationOutcome {
  /** The key signed this request, its body and its time. */
  VERIFIED,
  /** The signature does not match the request under this key (or the key type is wrong). */
  BAD_SIGNATURE,
  /** The signature is good but the body is not the one the digest names. */
  DIGEST_MISMATCH,
  /** The request has (or, for POST, may have) a body, and the signature does not cover its digest. */
  DIGEST_MISSING,
  /**
   * The signed {@code Digest} or {@code Content-Digest} cannot vouch for any body: no SHA-256
   * (or, for Content-Digest, SHA-512) entry, or one that is not base64 of a digest's length
   * (a hex digest). Decided before any cryptography or key fetch.
   */
  DIGEST_MALFORMED,
  /**
   * The signed time ({@code Date}, {@code created}) is outside the {@link SignatureWindow}: too
   * far ahead, older than its {@code expires} (or its default validity) plus the margin, or unreadable.
   */
  CLOCK_SKEW,
  /**
   * A header the signature covers is absent from the request, or the signature leaves out
   * something it must cover to mean anything: a time ({@code date} or {@code (created)} /
   * {@code created}), the target ({@code (request-target)}; {@code @method} and a target
   * component for RFC 9421), {@code host} on a cavage GET, and both {@code (request-target)} and
   * {@code host} on a cavage POST, so that it cannot be replayed to another inbox or server.
   */
  MISSING_HEADER
}
