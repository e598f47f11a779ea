package org.torg.server.model;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A local actor's Ed25519 key pair, unsealed: published as a Multikey under
 * {@code assertionMethod} (FEP-521a) and signing the integrity proofs of the actor's activities
 * (FEP-8b32). Never serialized, never logged.
 */
public record AssertionKey(String owner, PublicKey publicKey, PrivateKey privateKey) {

  @Override
  public String toString() {
    return "AssertionKey[" + owner + "]";
  }
}
