package org.torg.federation.signature;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.Optional;
import org.torg.federation.proof.Ed25519Signatures;

/**
 * The signature algorithms this package signs and verifies, with the names each format gives
 * them. A key of the wrong type for the algorithm never verifies: a signature does not get to
 * choose how its key is used (the RFC 9421 §3.3.7 "algorithm confusion" rule).
 */
enum SignatureAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256: cavage {@code rsa-sha256}/{@code hs2019}, RFC 9421 {@code rsa-v1_5-sha256}. */
  RSA_PKCS1_SHA256("rsa-v1_5-sha256"),
  /** RSASSA-PSS with SHA-512, RFC 9421 {@code rsa-pss-sha512}. */
  RSA_PSS_SHA512("rsa-pss-sha512"),
  /** Ed25519 (RFC 8032), RFC 9421 {@code ed25519}. */
  ED25519("ed25519");

  private final String rfc9421Name;

  SignatureAlgorithm(String rfc9421Name) {
    this.rfc9421Name = rfc9421Name;
  }

  String rfc9421Name() {
    return rfc9421Name;
  }

  static Optional<SignatureAlgorithm> fromRfc9421Name(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (SignatureAlgorithm algorithm : values()) {
      if (algorithm.rfc9421Name.equals(lower)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** The algorithm a key implies when the signature does not name one. */
  static Optional<SignatureAlgorithm> forKey(Key key) {
    if (key instanceof RSAKey) {
      return Optional.of(RSA_PKCS1_SHA256);
    }
    if (isEd25519(key)) {
      return Optional.of(ED25519);
    }
    return Optional.empty();
  }

  boolean fits(Key key) {
    return this == ED25519 ? isEd25519(key) : key instanceof RSAKey;
  }

  byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
    if (this == ED25519) {
      return Ed25519Signatures.sign(key, data);
    }
    Signature signer = newSignature();
    signer.initSign(key);
    signer.update(data);
    return signer.sign();
  }

  /** False for a wrong key type or a signature that does not parse, never an exception. */
  boolean verifies(PublicKey key, byte[] data, byte[] signature) {
    if (!fits(key)) {
      return false;
    }
    if (this == ED25519) {
      return Ed25519Signatures.verify(key, data, signature);
    }
    try {
      Signature verifier = newSignature();
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A truncated or oversized signature is a bad signature, not a server error.
      return false;
    }
  }

  private Signature newSignature() throws GeneralSecurityException {
    switch (this) {
      case RSA_PKCS1_SHA256:
        return Signature.getInstance("SHA256withRSA");
      case RSA_PSS_SHA512: {
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
        return pss;
      }
      default:
        throw new IllegalStateException("Ed25519 goes through Ed25519Signatures");
    }
  }

  private static boolean isEd25519(Key key) {
    return key instanceof EdECKey edec
        && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(edec.getParams().getName());
  }
}
