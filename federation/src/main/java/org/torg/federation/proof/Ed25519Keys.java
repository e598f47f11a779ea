package org.torg.federation.proof;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ed25519 keys (RFC 8032) as the JDK holds them and as the fediverse publishes them: a
 * {@code Multikey} (FEP-521a) whose {@code publicKeyMultibase} is base58btc ({@code z…}) of the
 * multicodec header {@code 0xed 0x01} and the 32 raw key bytes, and an SPKI PEM for storage.
 */
public final class Ed25519Keys {

  /** The multicodec prefix of an Ed25519 public key (ed25519-pub, varint 0xed). */
  private static final byte[] MULTICODEC_ED25519_PUB = {(byte) 0xed, 0x01};
  /** DER of SubjectPublicKeyInfo for Ed25519 up to the key: SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING. */
  private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  private static final int RAW_LENGTH = 32;
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private Ed25519Keys() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate Ed25519 keys", e);
    }
  }

  public static boolean isEd25519(java.security.Key key) {
    return key instanceof java.security.interfaces.EdECKey edec
        && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(edec.getParams().getName());
  }

  /** {@code z…}: what a Multikey's {@code publicKeyMultibase} carries. */
  public static String publicKeyMultibase(PublicKey key) {
    if (!(key instanceof EdECPublicKey) || !isEd25519(key)) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    byte[] raw = raw(key);
    byte[] prefixed = new byte[MULTICODEC_ED25519_PUB.length + raw.length];
    System.arraycopy(MULTICODEC_ED25519_PUB, 0, prefixed, 0, MULTICODEC_ED25519_PUB.length);
    System.arraycopy(raw, 0, prefixed, MULTICODEC_ED25519_PUB.length, raw.length);
    return Base58Btc.multibase(prefixed);
  }

  /**
   * Reads a {@code publicKeyMultibase}: base58btc only (FEP-521a), multicodec ed25519-pub only.
   *
   * @throws GeneralSecurityException for anything else, with what is wrong
   */
  public static PublicKey parsePublicKeyMultibase(String multibase) throws GeneralSecurityException {
    if (multibase == null || multibase.isEmpty() || multibase.charAt(0) != 'z') {
      throw new GeneralSecurityException("publicKeyMultibase is not base58btc (it must start with z)");
    }
    byte[] decoded;
    try {
      decoded = Base58Btc.fromMultibase(multibase);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("publicKeyMultibase is not valid base58btc", e);
    }
    if (decoded == null || decoded.length != MULTICODEC_ED25519_PUB.length + RAW_LENGTH
        || decoded[0] != MULTICODEC_ED25519_PUB[0] || decoded[1] != MULTICODEC_ED25519_PUB[1]) {
      throw new GeneralSecurityException("publicKeyMultibase is not an Ed25519 public key (multicodec 0xed01, 32 bytes)");
    }
    return fromRaw(Arrays.copyOfRange(decoded, MULTICODEC_ED25519_PUB.length, decoded.length));
  }

  /** The 32 bytes RFC 8032 calls the public key. */
  static byte[] raw(PublicKey key) {
    byte[] spki = key.getEncoded();
    return Arrays.copyOfRange(spki, spki.length - RAW_LENGTH, spki.length);
  }

  static PublicKey fromRaw(byte[] raw) throws GeneralSecurityException {
    byte[] spki = new byte[SPKI_PREFIX.length + RAW_LENGTH];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, RAW_LENGTH);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  public static String publicKeyPem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return BEGIN + "\n" + body + "\n" + END + "\n";
  }

  public static PublicKey parsePublicKeyPem(String pem) throws GeneralSecurityException {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new GeneralSecurityException("not a PEM public key");
    }
    try {
      byte[] der = Base64.getDecoder().decode(pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", ""));
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("PEM body is not base64", e);
    }
  }

  public static PrivateKey parsePrivateKeyPkcs8(byte[] der) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
