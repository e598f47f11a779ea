package org.torg.server.processing.media;

import java.awt.image.BufferedImage;

/**
 * Encodes a BlurHash (the short public algorithm of blurha.sh, which Mastodon sends with every
 * image): the image as a few cosine components, sRGB-linearised, quantised and written in
 * base 83. No maintained Java library of it resolves from Maven Central, so it is written here.
 */
public final class Blurhash {

  private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

  private Blurhash() {}

  /** {@code xComponents} by {@code yComponents} (1-9 each) of a small image (it reads every pixel). */
  public static String encode(BufferedImage image, int xComponents, int yComponents) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    double[][] factors = new double[xComponents * yComponents][];
    for (int j = 0; j < yComponents; j++) {
      for (int i = 0; i < xComponents; i++) {
        double normalisation = (i == 0 && j == 0) ? 1 : 2;
        double r = 0;
        double g = 0;
        double b = 0;
        for (int y = 0; y < height; y++) {
          double cosY = Math.cos(Math.PI * j * y / height);
          for (int x = 0; x < width; x++) {
            double basis = normalisation * Math.cos(Math.PI * i * x / width) * cosY;
            int p = pixels[y * width + x];
            r += basis * toLinear((p >> 16) & 0xFF);
            g += basis * toLinear((p >> 8) & 0xFF);
            b += basis * toLinear(p & 0xFF);
          }
        }
        double scale = 1.0 / (width * height);
        factors[j * xComponents + i] = new double[] {r * scale, g * scale, b * scale};
      }
    }
    StringBuilder hash = new StringBuilder();
    base83(hash, (xComponents - 1) + (yComponents - 1) * 9, 1);
    double maxValue;
    if (factors.length > 1) {
      double actualMax = 0;
      for (int k = 1; k < factors.length; k++) {
        for (double c : factors[k]) {
          actualMax = Math.max(actualMax, Math.abs(c));
        }
      }
      int quantisedMax = (int) Math.max(0, Math.min(82, Math.floor(actualMax * 166 - 0.5)));
      maxValue = (quantisedMax + 1) / 166.0;
      base83(hash, quantisedMax, 1);
    } else {
      maxValue = 1;
      base83(hash, 0, 1);
    }
    double[] dc = factors[0];
    base83(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
    for (int k = 1; k < factors.length; k++) {
      double[] f = factors[k];
      base83(hash, quantise(f[0], maxValue) * 19 * 19 + quantise(f[1], maxValue) * 19 + quantise(f[2], maxValue), 2);
    }
    return hash.toString();
  }

  /** The average colour a hash starts with (its DC component), as 0xRRGGBB: what a test can check. */
  public static int averageColour(String hash) {
    int value = 0;
    for (int i = 2; i < 6; i++) {
      value = value * 83 + DIGITS.indexOf(hash.charAt(i));
    }
    return value;
  }

  private static int quantise(double value, double maxValue) {
    double v = Math.copySign(Math.pow(Math.abs(value / maxValue), 0.5), value);
    return (int) Math.max(0, Math.min(18, Math.floor(v * 9 + 9.5)));
  }

  private static double toLinear(int channel) {
    double v = channel / 255.0;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }

  private static int toSrgb(double linear) {
    double v = Math.max(0, Math.min(1, linear));
    return v <= 0.0031308 ? (int) (v * 12.92 * 255 + 0.5) : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
  }

  private static void base83(StringBuilder out, int value, int length) {
    for (int i = 1; i <= length; i++) {
      int digit = (int) (value / Math.pow(83, length - i)) % 83;
      out.append(DIGITS.charAt(digit));
    }
  }
}
