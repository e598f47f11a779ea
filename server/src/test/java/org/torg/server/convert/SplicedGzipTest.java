package org.torg.server.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.torg.server.convert.SplicedGzip.Piece;

/** The spliced stream is read back by the JDK's gzip reader exactly as the concatenated pieces. */
class SplicedGzipTest {

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private static byte[] concatenated(List<Piece> pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pieces.forEach(p -> out.writeBytes(p.plain()));
    return out.toByteArray();
  }

  private static byte[] text(Random random, int n) {
    String[] words = {"the", "branch", "council", "<article class=\"post\">", "</p>", "night", "buses", "&amp;", "ö", "\n"};
    StringBuilder out = new StringBuilder();
    while (out.length() < n) {
      out.append(words[random.nextInt(words.length)]).append(' ');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keptAndStoredPiecesInAnyOrderReadBackAsTheirConcatenation() throws IOException {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      List<Piece> pieces = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      for (int i = 0; i < count; i++) {
        byte[] plain = text(random, random.nextInt(3) == 0 ? random.nextInt(40) : random.nextInt(200_000));
        pieces.add(random.nextBoolean() ? Piece.compressed(plain) : Piece.stored(plain));
      }
      byte[] gz = SplicedGzip.gzip(pieces).getBytes();
      assertArrayEquals(concatenated(pieces), gunzip(gz), "round " + round);
      assertArrayEquals(concatenated(pieces), SplicedGzip.plain(pieces).getBytes());
    }
  }

  @Test
  void aKeptPieceIsSmallerAndEmptyPiecesAreFine() throws IOException {
    byte[] page = text(new Random(7), 130_000);
    Piece kept = Piece.compressed(page);
    assertTrue(kept.deflated().length < page.length / 3, "compressed: " + kept.deflated().length);
    List<Piece> pieces = List.of(Piece.stored(new byte[0]), kept, Piece.compressed(new byte[0]), Piece.stored("Åsa".getBytes(
        StandardCharsets.UTF_8)), kept);
    assertArrayEquals(concatenated(pieces), gunzip(SplicedGzip.gzip(pieces).getBytes()));
    assertArrayEquals(new byte[0], gunzip(SplicedGzip.gzip(List.of()).getBytes()));
  }

  @Test
  void aStoredPieceLongerThanOneBlockIsSplit() throws IOException {
    byte[] big = new byte[200_000];
    new Random(3).nextBytes(big);
    List<Piece> pieces = List.of(Piece.stored(big));
    assertArrayEquals(big, gunzip(SplicedGzip.gzip(pieces).getBytes()));
  }

  @Test
  void theTrailerIsChecked() {
    byte[] gz = SplicedGzip.gzip(List.of(Piece.compressed("a page".getBytes(StandardCharsets.UTF_8)))).getBytes();
    gz[gz.length - 8] ^= 1; // the CRC-32's first byte
    assertThrows(ZipException.class, () -> gunzip(gz), "a wrong CRC is noticed: it is the one computed over the whole");
  }
}
