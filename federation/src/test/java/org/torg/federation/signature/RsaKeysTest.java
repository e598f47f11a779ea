package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class RsaKeysTest {

  private static final KeyPair PAIR = RsaKeys.generate();

  @Test
  void generatesRsa2048() {
    assertEquals(2048, ((RSAPublicKey) PAIR.getPublic()).getModulus().bitLength());
  }

  @Test
  void writesSpkiPemAsMastodonReadsIt() throws GeneralSecurityException {
    String pem = RsaKeys.publicKeyPem(PAIR.getPublic());
    assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
    assertTrue(pem.endsWith("\n-----END PUBLIC KEY-----\n"), pem);
    pem.lines().filter(l -> !l.startsWith("-----")).forEach(l -> assertTrue(l.length() <= 64, l));
    assertEquals(PAIR.getPublic(), RsaKeys.parsePublicKeyPem(pem));
  }

  @Test
  void readsPemWithCarriageReturnsAndIndentation() throws GeneralSecurityException {
    String pem = RsaKeys.publicKeyPem(PAIR.getPublic()).replace("\n", "\r\n  ");
    assertEquals(PAIR.getPublic(), RsaKeys.parsePublicKeyPem(pem));
  }

  @Test
  void refusesWhatIsNotAPublicKey() {
    assertThrows(GeneralSecurityException.class, () -> RsaKeys.parsePublicKeyPem("hello"));
    assertThrows(GeneralSecurityException.class,
        () -> RsaKeys.parsePublicKeyPem("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"));
    assertThrows(GeneralSecurityException.class,
        () -> RsaKeys.parsePublicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
  }

  @Test
  void aPrivateKeySurvivesPkcs8AndStillSignsForItsPublicKey() throws GeneralSecurityException {
    PrivateKey restored = RsaKeys.parsePrivateKeyPkcs8(RsaKeys.privateKeyPkcs8(PAIR.getPrivate()));
    byte[] data = "(request-target): post /inbox".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(restored);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(PAIR.getPublic());
    verifier.update(data);
    assertTrue(verifier.verify(signature));
    assertArrayEquals(PAIR.getPrivate().getEncoded(), restored.getEncoded());
  }
}
