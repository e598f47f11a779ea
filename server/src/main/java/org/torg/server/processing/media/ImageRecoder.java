package org.torg.server.processing.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.torg.server.error.HttpError;

/**
 * Decodes an uploaded image and writes it anew: only pixels survive, so EXIF (GPS position,
 * camera serial), XMP and comments are gone. JPEG stays JPEG; PNG, GIF and WebP become PNG
 * (lossless; ImageIO writes no WebP, and a GIF keeps its first frame). A JPEG's EXIF orientation
 * is applied to the pixels first, since the tag itself goes. Blocking and CPU-heavy:
 * run it on a worker thread, never the event loop.
 */
public final class ImageRecoder {

  static {
    // The TwelveMonkeys readers (JPEG variants, WebP) register through ImageIO's service lookup.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  /** The re-encoded image, its thumbnail and what the API and Notes tell of it. */
  public record Recoded(byte[] full, MediaFormat fullFormat, byte[] thumbnail, MediaFormat thumbnailFormat, int width,
      int height, String blurhash) {}

  private final long maxPixels;
  private final int thumbnailPixels;

  public ImageRecoder(long maxPixels, int thumbnailPixels) {
    this.maxPixels = maxPixels;
    this.thumbnailPixels = thumbnailPixels;
  }

  public Recoded recode(byte[] bytes, MediaFormat format) {
    BufferedImage decoded = format == MediaFormat.JPEG
        ? ExifOrientation.apply(decode(bytes, format), ExifOrientation.of(bytes)) : decode(bytes, format);
    boolean alpha = decoded.getColorModel().hasAlpha();
    BufferedImage pixels = redraw(decoded, decoded.getWidth(), decoded.getHeight(), alpha);
    MediaFormat out = format == MediaFormat.JPEG ? MediaFormat.JPEG : MediaFormat.PNG;
    BufferedImage thumb = scaled(pixels, thumbnailPixels, alpha);
    MediaFormat thumbFormat = alpha ? MediaFormat.PNG : MediaFormat.JPEG;
    String blurhash = Blurhash.encode(scaled(thumb, 32, false), 4, 3);
    return new Recoded(encode(pixels, out), out, encode(thumb, thumbFormat), thumbFormat, pixels.getWidth(),
        pixels.getHeight(), blurhash);
  }

  private BufferedImage decode(byte[] bytes, MediaFormat format) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
      if (!readers.hasNext()) {
        throw new HttpError(422, "unsupported_media_type", "This server cannot read " + format.mediaType() + " images.");
      }
      ImageReader reader = readers.next();
      try {
        // Metadata is never read: it is what must not survive.
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > maxPixels || pixels <= 0) {
          throw new HttpError(422, "image_too_large", "An image has at most " + maxPixels + " pixels.");
        }
        BufferedImage image = reader.read(0);
        if (image == null) {
          throw new HttpError(422, "invalid_image", "The image could not be read.");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof HttpError known) {
        throw known;
      }
      throw new HttpError(422, "invalid_image", "The image could not be read.", e);
    }
  }

  /** A copy with the longer side at most {@code max} (never enlarged), halving first for quality. */
  static BufferedImage scaled(BufferedImage image, int max, boolean alpha) {
    BufferedImage current = image;
    int longer = Math.max(image.getWidth(), image.getHeight());
    if (longer <= max) {
      return redraw(image, image.getWidth(), image.getHeight(), alpha);
    }
    double factor = (double) max / longer;
    int targetW = Math.max(1, (int) Math.round(image.getWidth() * factor));
    int targetH = Math.max(1, (int) Math.round(image.getHeight() * factor));
    while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
      current = redraw(current, current.getWidth() / 2, current.getHeight() / 2, alpha);
    }
    return redraw(current, targetW, targetH, alpha);
  }

  private static BufferedImage redraw(BufferedImage source, int width, int height, boolean alpha) {
    BufferedImage target = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      if (!alpha) {
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
      }
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  private static byte[] encode(BufferedImage image, MediaFormat format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format.imageIoName()).next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format == MediaFormat.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
      }
      // No metadata handed to the writer: a JPEG gets a bare JFIF header, a PNG no text chunks.
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
