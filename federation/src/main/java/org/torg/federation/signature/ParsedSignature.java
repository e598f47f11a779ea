package org.torg.federation.signature;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A signature read from a request's headers, not yet verified: {@link #keyId()} says which key
 * to fetch, then {@link SignatureVerifier} checks it against that key.
 */
public sealed interface ParsedSignature permits CavageSignature, Rfc9421Signature {

  SignatureFormat format();

  /** The key to verify with, as the sender named it (usually {@code <actor>#main-key}). */
  String keyId();

  /** The signature bytes (a copy). */
  byte[] signature();

  /**
   * What the signature covers, lower-cased, in signing order: header names and pseudo-headers
   * such as {@code (request-target)} (draft-cavage) or derived components such as
   * {@code @target-uri} (RFC 9421).
   */
  List<String> coveredComponents();

  /** The {@code created} parameter, when the signature has one. */
  Optional<Instant> created();

  /** The {@code expires} parameter, when the signature has one. */
  Optional<Instant> expires();
}
