package org.torg.federation.proof;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures (RFC 8032, pure: no pre-hash, no context) on keys held as the JDK holds them,
 * by the native provider (Amazon Corretto Crypto Provider 2.5+, AWS-LC) when it is installed, else
 * by Bouncy Castle's RFC 8032 code. Why not the JDK's own {@code Signature("Ed25519")}: on Java 17
 * it does its field arithmetic generically and manages about 1,800 verifications and 1,800
 * signatures a second per core here, against Bouncy Castle's 13,000 and 34,000 and the native
 * provider's roughly twice that again (measured side by side; README, Performance). Every
 * delivered activity carries an integrity proof and every inbound one may, so this is on the hot
 * path both ways. The signatures are the same bytes either way (Ed25519 is deterministic), which
 * {@code Ed25519SignaturesTest} checks against the JDK for both.
 */
public final class Ed25519Signatures {

  private static final int SIGNATURE_LENGTH = 64;
  /** The native provider, by its JCA name; installed by the server at start-up, absent in a plain JVM. */
  static final String NATIVE_PROVIDER = "AmazonCorrettoCryptoProvider";
  private static final String ALGORITHM = "Ed25519";

  /** The native provider once it is seen to offer Ed25519 (it may be installed after this class loads). */
  private static volatile Provider nativeEd25519;

  private Ed25519Signatures() {}

  /** Who signs and verifies now: the native provider's name, or "BC" for Bouncy Castle. */
  public static String engine() {
    Provider provider = nativeProvider();
    return provider == null ? "BC" : provider.getName();
  }

  /** The 64-byte signature of {@code data}; an {@link IllegalArgumentException} for a key that is not Ed25519. */
  public static byte[] sign(PrivateKey key, byte[] data) {
    if (!Ed25519Keys.isEd25519(key)) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
    }
    Provider provider = nativeProvider();
    return provider == null ? signByBouncyCastle(key, data) : signByProvider(provider, key, data);
  }

  /** False for a key that is not Ed25519, a signature of the wrong length or a wrong one; never an exception. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    if (!Ed25519Keys.isEd25519(key) || signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    Provider provider = nativeProvider();
    return provider == null ? verifyByBouncyCastle(key, data, signature) : verifyByProvider(provider, key, data, signature);
  }

  static byte[] signByProvider(Provider provider, PrivateKey key, byte[] data) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM, provider);
      signer.initSign(key);
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("this Ed25519 private key cannot sign: " + e.getMessage(), e);
    }
  }

  static boolean verifyByProvider(Provider provider, PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM, provider);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A public key that is not a point on the curve is a key that verifies nothing.
      return false;
    }
  }

  static byte[] signByBouncyCastle(PrivateKey key, byte[] data) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(seed(key)));
    signer.update(data, 0, data.length);
    return signer.generateSignature();
  }

  static boolean verifyByBouncyCastle(PublicKey key, byte[] data, byte[] signature) {
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

  /** The native provider if it is installed and offers Ed25519 (ACCP does from 2.5 on Java 17), else null. */
  static Provider nativeProvider() {
    Provider known = nativeEd25519;
    if (known != null) {
      return known;
    }
    Provider installed = Security.getProvider(NATIVE_PROVIDER);
    if (installed != null && installed.getService("Signature", ALGORITHM) != null) {
      nativeEd25519 = installed;
      return installed;
    }
    return null;
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
