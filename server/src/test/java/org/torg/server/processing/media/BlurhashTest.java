package org.torg.server.processing.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * The encoder against the reference implementation (Wolt's TypeScript blurhash 2.0.5, npm
 * "blurhash"): the hashes below are what its encode() gives for the same pixels, 4×3 components.
 */
class BlurhashTest {

  @Test
  void aGradientEncodesAsTheReferenceImplementationEncodesIt() {
    BufferedImage image = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 6; x++) {
        image.setRGB(x, y, (40 * x) << 16 | (60 * y) << 8 | (255 - 30 * (x + y)));
      }
    }
    assertEquals("L#EL]yB@SSxwz*R?b1noece[fSe?", Blurhash.encode(image, 4, 3));
  }

  @Test
  void aSolidColourEncodesAsTheReferenceAndStartsWithThatColour() {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        image.setRGB(x, y, 200 << 16 | 40 << 8 | 40);
      }
    }
    String hash = Blurhash.encode(image, 4, 3);
    assertEquals("L$M_9^]TfQ]T|_w{fQw{fQfQfQfQ", hash);
    assertEquals(200 << 16 | 40 << 8 | 40, Blurhash.averageColour(hash));
  }
}
