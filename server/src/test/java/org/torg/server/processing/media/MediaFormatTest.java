package org.torg.server.processing.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Types by magic numbers, and the keys files are stored under. */
class MediaFormatTest {

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void eachFormatIsToldByItsFirstBytes() {
    assertEquals(Optional.of(MediaFormat.JPEG), MediaFormat.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10)));
    assertEquals(Optional.of(MediaFormat.PNG), MediaFormat.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0)));
    assertEquals(Optional.of(MediaFormat.GIF), MediaFormat.detect("GIF89a...".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(Optional.of(MediaFormat.GIF), MediaFormat.detect("GIF87a...".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(Optional.of(MediaFormat.WEBP), MediaFormat.detect(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P')));
    assertEquals(Optional.of(MediaFormat.PDF), MediaFormat.detect("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void lookAlikesAndShortFilesAreNothing() {
    assertEquals(Optional.empty(), MediaFormat.detect(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E')));
    assertEquals(Optional.empty(), MediaFormat.detect(bytes(0xFF, 0xD8)));
    assertEquals(Optional.empty(), MediaFormat.detect(new byte[0]));
    assertEquals(Optional.empty(), MediaFormat.detect("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), MediaFormat.detect(" %PDF-1.7".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void keysAreRandomHexWithTheFormatsExtensionAndNothingElsePasses() {
    String[] keys = MediaKeys.fresh(MediaFormat.JPEG, MediaFormat.PNG);
    assertTrue(MediaKeys.valid(keys[0]) && keys[0].endsWith(".jpg"), keys[0]);
    assertTrue(MediaKeys.valid(keys[1]) && keys[1].endsWith("-small.png"), keys[1]);
    assertEquals(keys[0].substring(0, 32), keys[1].substring(0, 32));
    assertFalse(keys[0].equals(MediaKeys.fresh(MediaFormat.JPEG, null)[0]));
    for (String bad : new String[] {"../secrets-keyset.json", "abc.jpg", keys[0] + "/x", keys[0].replace(".jpg", ".svg"),
        keys[0].toUpperCase(), null}) {
      assertFalse(MediaKeys.valid(bad), String.valueOf(bad));
    }
  }
}
