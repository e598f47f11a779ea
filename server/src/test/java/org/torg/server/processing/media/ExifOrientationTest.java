package org.torg.server.processing.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.torg.server.support.TestMedia;

/** The eight EXIF orientations as pixel moves: read from the APP1 segment, and composed as the turns they are. */
class ExifOrientationTest {

  /** 3×2, every pixel its own colour. */
  static BufferedImage sample() {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        image.setRGB(x, y, (x * 80) << 16 | (y * 120) << 8 | 7);
      }
    }
    return image;
  }

  static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  static BufferedImage apply(BufferedImage image, int... orientations) {
    BufferedImage out = image;
    for (int o : orientations) {
      out = ExifOrientation.apply(out, o);
    }
    return out;
  }

  @Test
  void theTagIsReadFromTheExifSegment() {
    for (int o = 1; o <= 8; o++) {
      assertEquals(o, ExifOrientation.of(TestMedia.jpegWithOrientation(8, 4, o)));
    }
    assertEquals(1, ExifOrientation.of(TestMedia.image("jpeg", 8, 4, java.awt.Color.RED)), "no EXIF: as stored");
    assertEquals(1, ExifOrientation.of(TestMedia.jpegWithGps(8, 4)), "EXIF without the tag: as stored");
    assertEquals(1, ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x7F}), "cut short");
  }

  @Test
  void quarterTurnsMirrorsAndTheirInversesComposeAsTheyShould() {
    BufferedImage image = sample();
    int[] original = pixels(image);
    BufferedImage turned = ExifOrientation.apply(image, 6);
    assertEquals(2, turned.getWidth());
    assertEquals(3, turned.getHeight());
    // 6: the stored left column becomes the top row, read right to left.
    assertEquals(image.getRGB(0, 1), turned.getRGB(0, 0));
    assertEquals(image.getRGB(0, 0), turned.getRGB(1, 0));
    assertArrayEquals(original, pixels(apply(image, 6, 8)), "a quarter clockwise, then anticlockwise");
    assertArrayEquals(original, pixels(apply(image, 6, 6, 6, 6)));
    assertArrayEquals(pixels(apply(image, 3)), pixels(apply(image, 6, 6)), "two quarters are a half");
    for (int self : new int[] {2, 3, 4, 5, 7}) {
      assertArrayEquals(original, pixels(apply(image, self, self)), "orientation " + self + " undoes itself");
    }
    assertArrayEquals(pixels(apply(image, 5)), pixels(apply(image, 2, 8)), "transpose = mirror, then a quarter anticlockwise");
    assertArrayEquals(pixels(apply(image, 7)), pixels(apply(image, 2, 6)), "transverse = mirror, then a quarter clockwise");
    assertArrayEquals(original, pixels(apply(image, 1)));
  }
}
