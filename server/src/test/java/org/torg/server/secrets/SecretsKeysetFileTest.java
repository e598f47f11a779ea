package org.torg.server.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsKeysetFileTest {

  @TempDir
  Path tmp;

  @Test
  void generatesAnOwnerOnlyKeysetOnceAndReadsItBack() throws Exception {
    Path file = tmp.resolve("nested").resolve("keyset.json");
    SecretBox first = SecretsKeysetFile.open(file, true);
    String written = Files.readString(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    SecretBox second = SecretsKeysetFile.open(file, true);
    assertEquals(written, Files.readString(file), "an existing keyset is never regenerated");
    byte[] sealed = first.seal("secret".getBytes(StandardCharsets.UTF_8), "instance#main");
    assertArrayEquals("secret".getBytes(StandardCharsets.UTF_8), second.open(sealed, "instance#main"));
  }

  @Test
  void sealedBytesAreNotThePlaintextAndAreBoundToTheirLabel() throws Exception {
    SecretBox box = SecretsKeysetFile.open(tmp.resolve("k.json"), true);
    byte[] plain = "private key bytes".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = box.seal(plain, "instance#main");
    assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("private key bytes"));
    assertThrows(GeneralSecurityException.class, () -> box.open(sealed, "someone-else#main"));
    byte[] tampered = Arrays.copyOf(sealed, sealed.length);
    tampered[tampered.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> box.open(tampered, "instance#main"));
  }

  @Test
  void anotherKeysetCannotOpenIt() throws Exception {
    SecretBox mine = SecretsKeysetFile.open(tmp.resolve("a.json"), true);
    SecretBox theirs = SecretsKeysetFile.open(tmp.resolve("b.json"), true);
    byte[] sealed = mine.seal(new byte[] {1, 2, 3}, "x");
    assertThrows(GeneralSecurityException.class, () -> theirs.open(sealed, "x"));
  }

  @Test
  void aConfiguredPathThatDoesNotExistIsAnErrorNotANewKeyset() {
    Path absent = tmp.resolve("absent.json");
    IOException e = assertThrows(IOException.class, () -> SecretsKeysetFile.open(absent, false));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertFalse(Files.exists(absent));
  }

  @Test
  void aFileThatIsNotAKeysetIsRefused() throws IOException {
    Path junk = tmp.resolve("junk.json");
    Files.writeString(junk, "{\"not\": \"a keyset\"}");
    assertThrows(GeneralSecurityException.class, () -> SecretsKeysetFile.open(junk, false));
  }
}
