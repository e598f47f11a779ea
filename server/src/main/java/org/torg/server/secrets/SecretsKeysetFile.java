package org.torg.server.secrets;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The Tink keyset file that protects private keys at rest. Generated on first start at the
 * default path; a path the operator configured must already exist, because silently
 * generating a new keyset there would make every stored private key unreadable.
 */
public final class SecretsKeysetFile {

  private SecretsKeysetFile() {}

  /** Blocking: call before Vert.x starts or from a worker thread. */
  public static SecretBox open(Path file, boolean generateWhenAbsent) throws IOException, GeneralSecurityException {
    AeadConfig.register();
    if (!Files.exists(file)) {
      if (!generateWhenAbsent) {
        throw new IOException("secrets keyset " + file + " does not exist");
      }
      generate(file);
    }
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return new SecretBox(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException("secrets keyset " + file + " is not a Tink AEAD keyset", e);
    }
  }

  private static void generate(Path file) throws IOException, GeneralSecurityException {
    KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    Files.createDirectories(file.toAbsolutePath().getParent());
    // Write beside the target and move into place, readable by the owner only, so a crash
    // never leaves a half-written keyset and a second process never overwrites the first.
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".keyset", ".tmp");
    try {
      restrictToOwner(tmp);
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException raced) {
      // Another process generated it first: use theirs.
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems rely on the directory's permissions.
    }
  }
}
