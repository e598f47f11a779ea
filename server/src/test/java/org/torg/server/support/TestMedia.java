package org.torg.server.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/** Files for media tests, made here: images of one colour, a JPEG carrying GPS EXIF, a one-page PDF. */
public final class TestMedia {

  /** Written into the EXIF of {@link #jpegWithGps}: it must not come back. */
  public static final String EXIF_MARKER = "TORG-SECRET-CAMERA-42";

  private TestMedia() {}

  public static byte[] image(String format, int width, int height, Color colour) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A JPEG with an EXIF APP1 segment right after SOI: IFD0 holds an ImageDescription (the
   * marker) and a GPSInfo pointer; the GPS IFD says 59°N 18°E (latitude and longitude rationals).
   */
  public static byte[] jpegWithGps(int width, int height) {
    byte[] plain = image("jpeg", width, height, new Color(30, 120, 200));
    return withApp1(plain, exifTiff());
  }

  private static byte[] exifTiff() {
    byte[] description = (EXIF_MARKER + "\0").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    // IFD0 at 8: 2 entries (12 bytes each), next-IFD offset 0.
    int ifd0 = 8;
    int gpsIfd = ifd0 + 2 + 2 * 12 + 4;               // 38
    int gpsEntries = 4;
    int gpsData = gpsIfd + 2 + gpsEntries * 12 + 4;   // 38 + 54 = 92
    int descriptionAt = gpsData + 48;                 // after two 3-rational values
    b.putShort((short) 2);
    entry(b, 0x010E, 2, description.length, descriptionAt);   // ImageDescription, ASCII
    entry(b, 0x8825, 4, 1, gpsIfd);                           // GPSInfo IFD pointer, LONG
    b.putInt(0);
    b.putShort((short) gpsEntries);
    entry(b, 0x0001, 2, 2, 'N');                              // GPSLatitudeRef "N"
    entry(b, 0x0002, 5, 3, gpsData);                          // GPSLatitude, 3 RATIONAL
    entry(b, 0x0003, 2, 2, 'E');                              // GPSLongitudeRef "E"
    entry(b, 0x0004, 5, 3, gpsData + 24);                     // GPSLongitude
    b.putInt(0);
    for (int degrees : new int[] {59, 18}) {
      b.putInt(degrees).putInt(1).putInt(20).putInt(1).putInt(0).putInt(1);
    }
    b.put(description);
    byte[] out = new byte[b.position()];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  private static void entry(ByteBuffer b, int tag, int type, int count, int valueOrOffset) {
    b.putShort((short) tag).putShort((short) type).putInt(count).putInt(valueOrOffset);
  }

  public static byte[] pdf() {
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      document.addPage(new PDPage());
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code bytes} contain {@code needle} anywhere. */
  public static boolean contains(byte[] bytes, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * A PNG whose header claims {@code width} × {@code height} pixels, with one tiny data chunk: a
   * decoder that believed it would allocate the whole bitmap (a decompression bomb's header).
   */
  public static byte[] pngClaiming(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 2 + 12).order(ByteOrder.BIG_ENDIAN);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0)
        .put((byte) 0).put((byte) 0);
    chunk(b, "IHDR", ihdr.array());
    chunk(b, "IDAT", new byte[] {0x78, 0x01});
    chunk(b, "IEND", new byte[0]);
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static void chunk(ByteBuffer b, String type, byte[] data) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    crc.update(name);
    crc.update(data);
    b.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
  }

  /**
   * A JPEG whose left half is red and right half blue, stored as a camera held on its side stores
   * it: EXIF Orientation {@code orientation} (6: to be turned a quarter clockwise for display).
   */
  public static byte[] jpegWithOrientation(int width, int height, int orientation) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpeg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] plain = out.toByteArray();
    ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 1);
    entry(tiff, 0x0112, 3, 1, orientation);
    tiff.putInt(0);
    return withApp1(plain, tiff.array());
  }

  private static byte[] withApp1(byte[] jpeg, byte[] tiff) {
    ByteBuffer app1 = ByteBuffer.allocate(2 + 2 + 6 + tiff.length).order(ByteOrder.BIG_ENDIAN);
    app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + tiff.length));
    app1.put("Exif".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0).put(tiff);
    byte[] out = new byte[jpeg.length + app1.capacity()];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(app1.array(), 0, out, 2, app1.capacity());
    System.arraycopy(jpeg, 2, out, 2 + app1.capacity(), jpeg.length - 2);
    return out;
  }
}
