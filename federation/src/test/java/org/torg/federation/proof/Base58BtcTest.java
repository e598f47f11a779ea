package org.torg.federation.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.apicatalog.multibase.Multibase;
import com.apicatalog.multibase.MultibaseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58BtcTest {

  @Test
  void bitcoinsTestVectorsComeOutAsPublished() {
    // From Bitcoin Core's src/test/data/base58_encode_decode.json.
    assertEquals("2NEpo7TZRRrLZSi2U", Base58Btc.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("11233QC4", Base58Btc.encode(HexFormat.of().parseHex("0000287fb4cd")));
    assertEquals("1", Base58Btc.encode(new byte[1]));
    assertEquals("", Base58Btc.encode(new byte[0]));
    assertEquals("5Q", Base58Btc.encode(HexFormat.of().parseHex("ff")));
    // 65535 = 19·58² + 27·58 + 53: L, U, v.
    assertEquals("LUv", Base58Btc.encode(HexFormat.of().parseHex("ffff")));
    assertArrayEquals(HexFormat.of().parseHex("0000287fb4cd"), Base58Btc.decode("11233QC4"));
    assertArrayEquals(new byte[0], Base58Btc.decode(""));
  }

  @Test
  void encodesAndDecodesAsCopperMultibaseDoesForRandomBytes() {
    Random random = new Random(58);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(80)];
      random.nextBytes(bytes);
      // Leading zero bytes, which base58 writes as '1's, in a good share of the cases.
      for (int z = 0; z < bytes.length && random.nextInt(4) == 0; z++) {
        bytes[z] = 0;
      }
      String theirs = Multibase.BASE_58_BTC.encode(bytes);
      assertEquals(theirs, Base58Btc.multibase(bytes), () -> HexFormat.of().formatHex(bytes));
      assertArrayEquals(MultibaseDecoder.getInstance().decode(theirs), Base58Btc.fromMultibase(theirs), theirs);
      assertArrayEquals(bytes, Base58Btc.fromMultibase(theirs), theirs);
    }
  }

  @Test
  void refusesWhatIsNotBase58() {
    for (String bad : new String[] {"0", "O", "I", "l", "abc+", "z\u00e9", "\u0660"}) {
      assertThrows(IllegalArgumentException.class, () -> Base58Btc.decode(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> Base58Btc.fromMultibase("mAAAA"));
    assertThrows(IllegalArgumentException.class, () -> Base58Btc.fromMultibase(""));
    assertThrows(IllegalArgumentException.class, () -> Base58Btc.decode("2".repeat(Base58Btc.MAX_LENGTH + 1)));
  }
}
