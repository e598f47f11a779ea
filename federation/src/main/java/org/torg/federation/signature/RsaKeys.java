package org.torg.federation.signature;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys as ActivityPub carries them: {@code publicKeyPem} is an SPKI
 * {@code -----BEGIN PUBLIC KEY-----} block (what Mastodon writes and reads), private keys are
 * PKCS#8 DER. Generation is CPU-heavy (tens to hundreds of ms): never on an event loop.
 */
public final class RsaKeys {

  public static final int KEY_BITS = 2048;
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private RsaKeys() {}

  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(KEY_BITS);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate RSA keys", e);
    }
  }

  public static String publicKeyPem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return BEGIN + "\n" + body + "\n" + END + "\n";
  }

  /** Reads an SPKI PEM block; fails with GeneralSecurityException on anything else. */
  public static RSAPublicKey parsePublicKeyPem(String pem) throws GeneralSecurityException {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new GeneralSecurityException("not a PEM public key");
    }
    String base64 = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
    try {
      PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
      return (RSAPublicKey) key;
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("PEM body is not base64", e);
    }
  }

  public static byte[] privateKeyPkcs8(PrivateKey key) {
    return key.getEncoded();
  }

  public static PrivateKey parsePrivateKeyPkcs8(byte[] der) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
