package org.torg.federation.signature;

/** The two HTTP signature formats the fediverse uses. */
public enum SignatureFormat {
  /**
   * draft-cavage-http-signatures (the {@code Signature} header with {@code keyId},
   * {@code headers}, {@code signature}): what every fediverse server verifies.
   */
  DRAFT_CAVAGE,
  /**
   * RFC 9421 HTTP Message Signatures ({@code Signature-Input} + {@code Signature}): verified by
   * Mastodon 4.5 and sent first by Fedify.
   */
  RFC9421
}
