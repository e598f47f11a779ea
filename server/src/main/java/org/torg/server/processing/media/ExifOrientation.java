package org.torg.server.processing.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The one piece of a JPEG's EXIF that must survive re-encoding, as pixels: its Orientation (tag
 * 0x0112), which says how a camera held on its side stored the picture. Re-encoding drops the tag,
 * so the pixels are turned here first, as Mastodon does; everything else in EXIF is ignored.
 */
public final class ExifOrientation {

  private ExifOrientation() {}

  /** 1 (as stored) to 8, from the first EXIF APP1 segment before the image data; 1 when none or unreadable. */
  public static int of(byte[] jpeg) {
    int at = 2;
    while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
      int marker = jpeg[at + 1] & 0xFF;
      int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
      if (marker == 0xDA || length < 2 || at + 2 + length > jpeg.length) {
        return 1;
      }
      if (marker == 0xE1 && length >= 8 && jpeg[at + 4] == 'E' && jpeg[at + 5] == 'x' && jpeg[at + 6] == 'i'
          && jpeg[at + 7] == 'f') {
        return fromTiff(jpeg, at + 10, at + 2 + length);
      }
      at += 2 + length;
    }
    return 1;
  }

  private static int fromTiff(byte[] b, int tiff, int end) {
    if (tiff + 8 > end) {
      return 1;
    }
    boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
    if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) {
      return 1;
    }
    long ifd = tiff + u32(b, tiff + 4, little);
    if (ifd + 2 > end) {
      return 1;
    }
    int entries = u16(b, (int) ifd, little);
    for (int i = 0; i < entries; i++) {
      int entry = (int) ifd + 2 + 12 * i;
      if (entry + 12 > end) {
        return 1;
      }
      if (u16(b, entry, little) == 0x0112 && u16(b, entry + 2, little) == 3) {
        int value = u16(b, entry + 8, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static int u16(byte[] b, int at, boolean little) {
    return little ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 : (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static long u32(byte[] b, int at, boolean little) {
    return little ? (u16(b, at, true) | (long) u16(b, at + 2, true) << 16) : ((long) u16(b, at, false) << 16 | u16(b, at + 2, false));
  }

  /** The image as it is meant to be seen: turned and mirrored as {@code orientation} says. */
  public static BufferedImage apply(BufferedImage image, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    AffineTransform t = switch (orientation) {
      case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored
      case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // upside down
      case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored, upside down
      case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // transposed
      case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // turned a quarter clockwise
      case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // transversed
      default -> new AffineTransform(0, -1, 1, 0, 0, w);  // 8: turned a quarter anticlockwise
    };
    boolean swap = orientation >= 5;
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h,
        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(image, t, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
