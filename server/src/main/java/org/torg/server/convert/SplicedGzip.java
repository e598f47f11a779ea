package org.torg.server.convert;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One gzip stream (RFC 1952) made of pieces, most of them compressed once and kept. A kept piece
 * is a raw DEFLATE sequence (RFC 1951) of non-final blocks that ends on a byte boundary (a sync
 * flush) and refers to nothing before its own start; a small piece made per request goes in as
 * stored (uncompressed) blocks. Such pieces may follow one another in any order, so a page kept
 * for every signed-in reader gets the reader's name spliced in without compressing its 100 KB
 * again: per request only the CRC-32 of the whole is computed.
 */
public final class SplicedGzip {

  /** Bytes and their DEFLATE blocks, which end byte-aligned and never final. */
  public record Piece(byte[] plain, byte[] deflated) {

    /** Compressed on its own (once, to be kept): a worker thread's job for a large piece. */
    public static Piece compressed(byte[] plain) {
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      try {
        deflater.setInput(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 4));
        byte[] chunk = new byte[16 * 1024];
        int n;
        // A sync flush compresses all the input; a full chunk means there may be more to write.
        do {
          n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
          out.write(chunk, 0, n);
        } while (n == chunk.length);
        return new Piece(plain, out.toByteArray());
      } finally {
        deflater.end();
      }
    }

    /** As stored blocks: for a few bytes written per request, where compressing gains nothing. */
    public static Piece stored(byte[] plain) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 5 * (plain.length / MAX_STORED + 1));
      for (int at = 0; at < plain.length; at += MAX_STORED) {
        int len = Math.min(MAX_STORED, plain.length - at);
        // BFINAL 0, BTYPE 00 (stored), padded to the byte; then LEN and its complement, little-endian.
        out.write(0);
        out.write(len & 0xff);
        out.write(len >>> 8);
        out.write(~len & 0xff);
        out.write((~len >>> 8) & 0xff);
        out.write(plain, at, len);
      }
      return new Piece(plain, out.toByteArray());
    }
  }

  private static final int MAX_STORED = 65_535;
  /** ID1 ID2, CM 8 (deflate), no flags, no modification time, no extra flags, OS unknown. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  /** An empty stored block with BFINAL set: the end of the DEFLATE stream. */
  private static final byte[] LAST_BLOCK = {1, 0, 0, (byte) 0xff, (byte) 0xff};

  private SplicedGzip() {}

  /** The pieces, in order, as one gzip member. */
  public static Buffer gzip(List<Piece> pieces) {
    CRC32 crc = new CRC32();
    long size = 0;
    int length = HEADER.length + LAST_BLOCK.length + 8;
    for (Piece p : pieces) {
      crc.update(p.plain());
      size += p.plain().length;
      length += p.deflated().length;
    }
    Buffer out = Buffer.buffer(length).appendBytes(HEADER);
    pieces.forEach(p -> out.appendBytes(p.deflated()));
    return out.appendBytes(LAST_BLOCK).appendIntLE((int) crc.getValue()).appendIntLE((int) size);
  }

  /** The pieces, in order, uncompressed. */
  public static Buffer plain(List<Piece> pieces) {
    Buffer out = Buffer.buffer(pieces.stream().mapToInt(p -> p.plain().length).sum());
    pieces.forEach(p -> out.appendBytes(p.plain()));
    return out;
  }
}
