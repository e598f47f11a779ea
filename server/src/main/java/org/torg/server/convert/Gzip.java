package org.torg.server.convert;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Gzip of a rendered document, made once and served many times (Content-Encoding: gzip). */
public final class Gzip {

  private Gzip() {}

  public static Buffer of(Buffer plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length() / 4));
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
      {
        def.setLevel(Deflater.DEFAULT_COMPRESSION);
      }
    }) {
      gzip.write(plain.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return Buffer.buffer(out.toByteArray());
  }
}
