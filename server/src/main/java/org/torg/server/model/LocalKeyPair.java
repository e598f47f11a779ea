package org.torg.server.model;

import java.security.PrivateKey;

/** A local actor's key pair, unsealed and ready to sign with. Never serialized, never logged. */
public record LocalKeyPair(String owner, String name, String publicKeyPem, PrivateKey privateKey) {

  @Override
  public String toString() {
    return "LocalKeyPair[" + owner + "#" + name + "]";
  }
}
