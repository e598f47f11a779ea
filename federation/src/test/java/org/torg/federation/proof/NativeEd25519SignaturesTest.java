package org.torg.federation.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native provider's Ed25519 (used whenever the server has installed it) gives Bouncy Castle's
 * bytes and refuses what Bouncy Castle refuses. The provider is used here without being installed,
 * so the other tests in this JVM keep running on Bouncy Castle.
 */
class NativeEd25519SignaturesTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] DATA = "{\"type\":\"Create\"}".getBytes(StandardCharsets.UTF_8);
  private static Provider accp;

  @BeforeAll
  static void load() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the native provider is bundled for Linux x86-64 only");
    accp = AmazonCorrettoCryptoProvider.INSTANCE;
    assumeTrue(AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null, "the native provider did not load here");
  }

  @Test
  void nativeSignaturesAreBouncyCastlesBytesAndEachVerifiesTheOther() throws Exception {
    for (int i = 0; i < 20; i++) {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
      byte[] data = ("activity " + i).getBytes(StandardCharsets.UTF_8);
      byte[] byNative = Ed25519Signatures.signByProvider(accp, pair.getPrivate(), data);
      byte[] byBouncyCastle = Ed25519Signatures.signByBouncyCastle(pair.getPrivate(), data);

      assertArrayEquals(byBouncyCastle, byNative);
      assertTrue(Ed25519Signatures.verifyByProvider(accp, pair.getPublic(), data, byBouncyCastle));
      assertTrue(Ed25519Signatures.verifyByBouncyCastle(pair.getPublic(), data, byNative));
    }
  }

  @Test
  void rfc8032TestVectorVerifiesNatively() throws Exception {
    // RFC 8032 §7.1, TEST 2.
    PublicKey key = Ed25519Keys.fromRaw(HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
    byte[] signature = HEX.parseHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    assertTrue(Ed25519Signatures.verifyByProvider(accp, key, HEX.parseHex("72"), signature));
    assertFalse(Ed25519Signatures.verifyByProvider(accp, key, HEX.parseHex("73"), signature));
  }

  @Test
  void aChangedSignatureAKeyOffTheCurveOrAnotherKeyVerifiesNothingAndThrowsNothing() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
    KeyPair other = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
    byte[] signature = Ed25519Signatures.signByProvider(accp, pair.getPrivate(), DATA);

    byte[] flipped = signature.clone();
    flipped[40] ^= 1;
    assertFalse(Ed25519Signatures.verifyByProvider(accp, pair.getPublic(), DATA, flipped));
    assertFalse(Ed25519Signatures.verifyByProvider(accp, other.getPublic(), DATA, signature));
    // y = 2 has no x on the curve: not a public key, and no exception either.
    byte[] offCurve = new byte[32];
    offCurve[0] = 2;
    assertFalse(Ed25519Signatures.verifyByProvider(accp, Ed25519Keys.fromRaw(offCurve), DATA, signature));
  }
}
