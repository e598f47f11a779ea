package org.torg.federation.signature;

/** What {@link SignatureParser} made of a request's signature headers. */
public enum ParseOutcome {
  /** A signature was read: look up its key and verify it. */
  PARSED,
  /** The request carries no signature headers at all. */
  NO_SIGNATURE,
  /** Signature headers are present but unreadable: bad syntax, no keyId, bad base64… */
  MALFORMED,
  /** The signature names an algorithm this package does not verify. */
  UNSUPPORTED_ALGORITHM,
  /**
   * An RFC 9421 signature covers a component this package cannot rebuild (a component with
   * parameters such as {@code ;sf}, {@code ;req} or {@code @query-param;name=…}, or
   * {@code @status}), so it could never verify.
   */
  UNSUPPORTED_COMPONENT
}
