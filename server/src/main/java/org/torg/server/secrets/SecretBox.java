package org.torg.server.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Seals secrets at rest with Tink AEAD (AES256-GCM). Each secret is bound to a label, its
 * identity (e.g. the key id {@code instance#main}), as associated data, so a ciphertext copied
 * to another row does not open there. Tink's ciphertexts name their key, so a keyset rotated to
 * a new primary key still opens what older keys sealed.
 */
public final class SecretBox {

  private final Aead aead;

  public SecretBox(KeysetHandle keyset) throws GeneralSecurityException {
    AeadConfig.register();
    this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  public byte[] seal(byte[] plaintext, String label) throws GeneralSecurityException {
    return aead.encrypt(plaintext, label.getBytes(StandardCharsets.UTF_8));
  }

  /** Fails with GeneralSecurityException when the keyset or the label is not the one sealed with. */
  public byte[] open(byte[] ciphertext, String label) throws GeneralSecurityException {
    return aead.decrypt(ciphertext, label.getBytes(StandardCharsets.UTF_8));
  }
}
