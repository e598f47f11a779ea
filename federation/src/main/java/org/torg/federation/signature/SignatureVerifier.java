package org.torg.federation.signature;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a parsed signature against the request it came with and the signer's public key.
 * Never throws on anything a peer sent; the outcome says what is wrong.
 *
 * <p>Order: what the signature must cover and what the request must carry (no cryptography),
 * then the signature itself, then the body digest and the time window.
 */
public final class SignatureVerifier {

  private SignatureVerifier() {}

  /** With Mastodon's time window ({@link SignatureWindow#MASTODON}). */
  public static VerificationOutcome verify(ParsedSignature signature, IncomingRequest request, PublicKey key, Instant now) {
    return verify(signature, request, key, now, List.of());
  }

  /**
   * As {@link #verify(ParsedSignature, IncomingRequest, PublicKey, Instant)}, also trying each
   * alternative as the RFC 9421 {@code @target-uri} when the one rebuilt from the request does
   * not verify. Fedify signs GETs of a key with the key id, fragment included, as the target
   * URI ({@code https://host/users/alice#main-key}); the fragment never reaches the server, so
   * only the caller can guess it: pass the request URL plus {@code #main-key} (or the fragment
   * of your key ids) for requests to actor or key URLs. Ignored for draft-cavage.
   */
  public static VerificationOutcome verify(
      ParsedSignature signature, IncomingRequest request, PublicKey key, Instant now, List<String> alternativeTargetUris) {
    return verify(signature, request, key, now, alternativeTargetUris, SignatureWindow.MASTODON);
  }

  /** As above, with the signed time judged by {@code window} (e.g. from configuration). */
  public static VerificationOutcome verify(ParsedSignature signature, IncomingRequest request, PublicKey key, Instant now,
      List<String> alternativeTargetUris, SignatureWindow window) {
    try {
      if (signature instanceof CavageSignature cavage) {
        return CavageVerifier.verify(cavage, request, key, now, window);
      }
      return Rfc9421Verifier.verify((Rfc9421Signature) signature, request, key, now, List.copyOf(alternativeTargetUris), window);
    } catch (RuntimeException e) {
      // Whatever went wrong, the request is not proven authentic.
      return VerificationOutcome.BAD_SIGNATURE;
    }
  }

  /**
   * What can be refused before the signer's key is fetched: what the signature covers (see
   * {@link VerificationOutcome#MISSING_HEADER}, {@link VerificationOutcome#DIGEST_MISSING}) and
   * whether the covered digest header is there and well-formed
   * ({@link VerificationOutcome#DIGEST_MALFORMED}). Empty when only the key can tell; {@link
   * #verify} checks the same first, so calling this is an optimisation, never a second rule.
   */
  public static Optional<VerificationOutcome> refuseBeforeKey(ParsedSignature signature, IncomingRequest request) {
    try {
      return signature instanceof CavageSignature cavage
          ? CavageVerifier.refuseBeforeKey(cavage, request)
          : Rfc9421Verifier.refuseBeforeKey((Rfc9421Signature) signature, request);
    } catch (RuntimeException e) {
      return Optional.of(VerificationOutcome.BAD_SIGNATURE);
    }
  }

  /** A body, or a POST (which Mastodon requires a digest on even when empty). */
  static boolean needsDigest(IncomingRequest request) {
    return request.rawBody().length > 0 || request.method().toUpperCase(Locale.ROOT).equals("POST");
  }

  static boolean isPost(IncomingRequest request) {
    return request.method().toUpperCase(Locale.ROOT).equals("POST");
  }

  static boolean isGet(IncomingRequest request) {
    String method = request.method().toUpperCase(Locale.ROOT);
    return method.equals("GET") || method.equals("HEAD");
  }

  /**
   * The signed times' verdict: each covered time ({@code Date}, {@code created}) must be
   * readable and, with {@code expires}, inside the window; with neither covered, {@code expires}
   * alone is judged. True when acceptable.
   */
  static boolean inWindow(Optional<Instant> created, boolean dateCovered, Optional<Instant> expires,
      IncomingRequest request, Instant now, SignatureWindow window) {
    if (dateCovered) {
      Optional<Instant> date = signedDate(request);
      if (date.isEmpty() || !window.accepts(date, expires, now)) {
        return false;
      }
    }
    if (created.isPresent() && !window.accepts(created, expires, now)) {
      return false;
    }
    return dateCovered || created.isPresent() || window.accepts(Optional.empty(), expires, now);
  }

  /** The signed {@code Date} header's time, empty when the header does not parse. */
  static Optional<Instant> signedDate(IncomingRequest request) {
    return request.signedValue("date").flatMap(HttpDates::parse);
  }
}
