package org.torg.federation.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Bouncy Castle's Ed25519 gives exactly the JDK's signatures and RFC 8032's, and refuses what it must. */
class Ed25519SignaturesTest {

  private static final HexFormat HEX = HexFormat.of();
  /** RFC 8032 §7.1, TEST 2: a one-byte message. */
  private static final String SECRET = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
  private static final String PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
  private static final String MESSAGE = "72";
  private static final String SIGNATURE = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
      + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

  @Test
  void rfc8032TestVectorSignsAndVerifies() throws Exception {
    PrivateKey key = privateKeyFromSeed(HEX.parseHex(SECRET));
    PublicKey publicKey = Ed25519Keys.fromRaw(HEX.parseHex(PUBLIC));

    assertArrayEquals(HEX.parseHex(SIGNATURE), Ed25519Signatures.sign(key, HEX.parseHex(MESSAGE)));
    assertTrue(Ed25519Signatures.verify(publicKey, HEX.parseHex(MESSAGE), HEX.parseHex(SIGNATURE)));
  }

  @Test
  void signaturesAreTheJdksBytesAndEachSideVerifiesTheOther() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] data = "{\"type\":\"Create\"}".getBytes(StandardCharsets.UTF_8);
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(pair.getPrivate());
    jdk.update(data);
    byte[] jdkSignature = jdk.sign();

    byte[] ours = Ed25519Signatures.sign(pair.getPrivate(), data);

    assertArrayEquals(jdkSignature, ours);
    assertTrue(Ed25519Signatures.verify(pair.getPublic(), data, jdkSignature));
    Signature jdkVerifier = Signature.getInstance("Ed25519");
    jdkVerifier.initVerify(pair.getPublic());
    jdkVerifier.update(data);
    assertTrue(jdkVerifier.verify(ours));
  }

  @Test
  void aChangedMessageSignatureOrKeyDoesNotVerify() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] signature = Ed25519Signatures.sign(pair.getPrivate(), data);

    assertFalse(Ed25519Signatures.verify(pair.getPublic(), "payloaD".getBytes(StandardCharsets.UTF_8), signature));
    byte[] flipped = signature.clone();
    flipped[10] ^= 1;
    assertFalse(Ed25519Signatures.verify(pair.getPublic(), data, flipped));
    assertFalse(Ed25519Signatures.verify(other.getPublic(), data, signature));
  }

  @Test
  void wrongLengthsAndKeyTypesAreRefusedWithoutAnException() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] signature = Ed25519Signatures.sign(pair.getPrivate(), data);

    assertFalse(Ed25519Signatures.verify(pair.getPublic(), data, new byte[63]));
    assertFalse(Ed25519Signatures.verify(pair.getPublic(), data, new byte[65]));
    assertFalse(Ed25519Signatures.verify(pair.getPublic(), data, null));
    assertFalse(Ed25519Signatures.verify(rsa.getPublic(), data, signature));
    assertThrows(IllegalArgumentException.class, () -> Ed25519Signatures.sign(rsa.getPrivate(), data));
  }

  /** PKCS#8 of an Ed25519 seed (RFC 8410 §7). */
  private static PrivateKey privateKeyFromSeed(byte[] seed) throws Exception {
    byte[] prefix = HEX.parseHex("302e020100300506032b657004220420");
    byte[] der = new byte[prefix.length + seed.length];
    System.arraycopy(prefix, 0, der, 0, prefix.length);
    System.arraycopy(seed, 0, der, prefix.length, seed.length);
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
