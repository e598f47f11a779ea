package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import javax.crypto.Mac;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.RunningTorg;

class NativeCryptoTest {

  private static final byte[] DATA = "(request-target): post /inbox\nhost: example.org".getBytes(StandardCharsets.UTF_8);

  static NativeCrypto.Status status;

  @BeforeAll
  static void install() {
    status = NativeCrypto.install();
  }

  private static void assumeNative() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the native provider is bundled for Linux x86-64 only");
  }

  @Test
  void onLinuxX8664TheNativeProviderIsFirstForEverythingFederationUses() throws Exception {
    assumeNative();
    assertTrue(status.nativeProvider(), status.toString());
    assertTrue(status.unavailableBecause().isEmpty());
    assertEquals("AmazonCorrettoCryptoProvider", Signature.getInstance("SHA256withRSA").getProvider().getName());
    assertEquals("AmazonCorrettoCryptoProvider", KeyFactory.getInstance("RSA").getProvider().getName());
    assertEquals("AmazonCorrettoCryptoProvider", MessageDigest.getInstance("SHA-256").getProvider().getName());
    assertEquals("AmazonCorrettoCryptoProvider", Mac.getInstance("HmacSHA256").getProvider().getName());
    assertEquals("AmazonCorrettoCryptoProvider", Signature.getInstance("SHA256withECDSA").getProvider().getName());
    assertEquals("AmazonCorrettoCryptoProvider", org.torg.federation.proof.Ed25519Signatures.engine(),
        "integrity proofs and Ed25519 HTTP signatures run natively too");
  }

  @Test
  void installingTwiceKeepsTheFirstOutcome() {
    assertEquals(status, NativeCrypto.install());
  }

  @Test
  void nativeAndJdkSignaturesAreTheSameOnTheWire() throws Exception {
    assumeNative();
    KeyPair pair = KeyPairGenerator.getInstance("RSA", "SunRsaSign").generateKeyPair();
    Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    jdk.initSign(pair.getPrivate());
    jdk.update(DATA);
    byte[] byJdk = jdk.sign();

    Signature nativeSigner = Signature.getInstance("SHA256withRSA");
    nativeSigner.initSign(pair.getPrivate());
    nativeSigner.update(DATA);
    byte[] byNative = nativeSigner.sign();
    // PKCS#1 v1.5 is deterministic: the same key and data give the same bytes.
    assertEquals(java.util.HexFormat.of().formatHex(byJdk), java.util.HexFormat.of().formatHex(byNative));

    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(pair.getPublic());
    verifier.update(DATA);
    assertTrue(verifier.verify(byJdk));
    byNative[10] ^= 1;
    verifier.initVerify(pair.getPublic());
    verifier.update(DATA);
    assertFalse(verifier.verify(byNative), "a changed signature must not verify");
  }

  @Test
  void remoteKeysSmallerThan2048BitsStillVerify() throws Exception {
    // Remote actors publish keys of any size (old Mastodon accounts: 1024 bits); refusing them
    // would silently cut those servers off.
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
    generator.initialize(1024);
    KeyPair pair = generator.generateKeyPair();
    Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    jdk.initSign(pair.getPrivate());
    jdk.update(DATA);
    byte[] signature = jdk.sign();

    PublicKey parsed = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(parsed);
    verifier.update(DATA);
    assertTrue(verifier.verify(signature));
  }

  @Test
  void ed25519KeysFromTheFirstProviderAreEdEcKeys() throws Exception {
    // SignatureAlgorithm recognises Ed25519 keys as java.security.interfaces.EdECKey.
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertTrue(pair.getPublic() instanceof EdECKey, pair.getPublic().getClass().getName());
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(DATA);
    byte[] signature = signer.sign();
    Signature jdk = Signature.getInstance("Ed25519", "SunEC");
    jdk.initVerify(KeyFactory.getInstance("Ed25519", "SunEC").generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded())));
    jdk.update(DATA);
    assertTrue(jdk.verify(signature));
  }

  @Test
  void metricsSayWhichProviderSigns() {
    Vertx vertx = Vertx.vertx();
    try (RunningTorg torg = RunningTorg.start(Map.of())) {
      String metrics = torg.get(vertx, "/metrics").send().await().bodyAsString();
      String expected = "torg_crypto_native{provider=\"" + status.provider() + "\"} " + (status.nativeProvider() ? "1.0" : "0.0");
      assertTrue(metrics.contains(expected), metrics.lines().filter(l -> l.contains("crypto")).toList().toString());
    } finally {
      vertx.close().await();
    }
  }
}
