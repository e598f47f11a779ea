package org.torg.federation.proof;

/** What checking an object's integrity proofs found; every value but VERIFIED refuses the object. */
public enum ProofOutcome {
  /** Every proof verified with its verification method's key. */
  VERIFIED,
  /** The object carries no {@code proof}. Not a refusal by itself: most servers send none. */
  NO_PROOF,
  /** A {@code proof} that is not a DataIntegrityProof with the fields eddsa-jcs-2022 needs. */
  MALFORMED_PROOF,
  /** A cryptosuite other than {@code eddsa-jcs-2022}. */
  UNSUPPORTED_CRYPTOSUITE,
  /** A {@code proofPurpose} other than {@code assertionMethod}. */
  WRONG_PURPOSE,
  /** The verification method's key could not be had, or is not an Ed25519 Multikey of the signer. */
  KEY_UNAVAILABLE,
  /** The signature does not match the object: it was changed, or signed with another key. */
  BAD_PROOF;

  /** A short code for metrics and the inbox's JSON refusal, e.g. {@code proof_bad_proof}. */
  public String reason() {
    return "proof_" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
