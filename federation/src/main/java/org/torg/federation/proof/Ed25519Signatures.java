package org.torg.federation.proof;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures (RFC 8032, pure: no pre-hash, no context) by Bouncy Castle's RFC 8032 code,
 * on keys held as the JDK holds them. Why not the JDK's own {@code Signature("Ed25519")}: on Java 17
 * it does its field arithmetic generically and manages about 1,800 verifications and 1,800
 * signatures a second per core here, against Bouncy Castle's 13,000 and 34,000 (measured side by
 * side; README, Performance). Every delivered activity carries an integrity proof and every
 * inbound one may, so this is on the hot path both ways. ACCP, Torg's first provider, has no EdDSA
 * on Java 17. The signatures are the same bytes either way (Ed25519 is deterministic), which
 * {@code Ed25519SignaturesTest} checks against the JDK.
 */
public final class Ed25519Signatures {

  private static final int SIGNATURE_LENGTH = 64;

  private Ed25519Signatures() {}

  /** The 64-byte signature of {@code data}; an {@link IllegalArgumentException} for a key that is not Ed25519. */
  public static byte[] sign(PrivateKey key, byte[] data) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(seed(key)));
    signer.update(data, 0, data.length);
    return signer.generateSignature();
  }

  /** False for a key that is not Ed25519, a signature of the wrong length or a wrong one; never an exception. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    if (!Ed25519Keys.isEd25519(key) || signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(Ed25519Keys.raw(key)));
      verifier.update(data, 0, data.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      // A public key that is not a point on the curve is a key that verifies nothing.
      return false;
    }
  }

  /** The 32-byte private key of RFC 8032 (the seed). */
  private static byte[] seed(PrivateKey key) {
    if (!Ed25519Keys.isEd25519(key)) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
    }
    if (key instanceof EdECPrivateKey edec && edec.getBytes().isPresent()) {
      return edec.getBytes().get();
    }
    // PKCS#8 of an Ed25519 key ends with the seed (RFC 8410 §7: an OCTET STRING in the OCTET STRING).
    byte[] pkcs8 = key.getEncoded();
    if (pkcs8 == null || pkcs8.length < 32) {
      throw new IllegalArgumentException("this Ed25519 private key does not give up its bytes");
    }
    return Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
  }
}
