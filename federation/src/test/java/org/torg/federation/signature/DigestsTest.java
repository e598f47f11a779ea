package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DigestsTest {

  private static final byte[] BODY = "{\"hello\": \"world\"}\n".getBytes(StandardCharsets.UTF_8);
  // RFC 9530 §B.1 example values for this body.
  private static final String SHA256 = "RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=";
  private static final String SHA512 = "YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==";

  @Test
  void writesTheDigestHeadersOfRfc9530sExample() {
    assertEquals("SHA-256=" + SHA256, Digests.digestHeader(BODY));
    assertEquals("sha-256=:" + SHA256 + ":", Digests.contentDigestHeader(BODY));
  }

  @Test
  void digestOfAnEmptyBody() {
    assertEquals("SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Digests.digestHeader(new byte[0]));
  }

  @Test
  void acceptsSha256InAnyCaseAndAmongOtherDigests() {
    assertTrue(Digests.digestHeaderMatches("SHA-256=" + SHA256, BODY));
    assertTrue(Digests.digestHeaderMatches("sha-256=" + SHA256, BODY));
    assertTrue(Digests.digestHeaderMatches("MD5=XrY7u+Ae7tCTyyK7j1rNww==, SHA-256=" + SHA256, BODY));
    assertTrue(Digests.digestHeaderMatches("SHA-512=" + SHA512 + ",SHA-256=" + SHA256, BODY));
  }

  @Test
  void refusesAWrongBodyHexAMissingSha256AndAWrongDigestHiddenNextToARightOne() {
    assertFalse(Digests.digestHeaderMatches("SHA-256=" + SHA256, "{\"hello\": \"world!\"}\n".getBytes(StandardCharsets.UTF_8)));
    String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(SHA256));
    assertFalse(Digests.digestHeaderMatches("SHA-256=" + hex, BODY), "hex is what mastodon#22536 was about");
    assertFalse(Digests.digestHeaderMatches("SHA-512=" + SHA512, BODY), "SHA-256 is required");
    assertFalse(Digests.digestHeaderMatches("SHA-256=" + SHA256 + ", SHA-512=" + SHA256, BODY));
    assertFalse(Digests.digestHeaderMatches("SHA-256=not base64!", BODY));
    assertFalse(Digests.digestHeaderMatches("", BODY));
    assertFalse(Digests.digestHeaderMatches(null, BODY));
  }

  @Test
  void contentDigestAcceptsSha256AndSha512() {
    assertTrue(Digests.contentDigestMatches("sha-256=:" + SHA256 + ":", BODY));
    assertTrue(Digests.contentDigestMatches("sha-512=:" + SHA512 + ":", BODY));
    assertTrue(Digests.contentDigestMatches("sha-256=:" + SHA256 + ":, sha-512=:" + SHA512 + ":", BODY));
    assertTrue(Digests.contentDigestMatches("md5=:XrY7u+Ae7tCTyyK7j1rNww==:, sha-256=:" + SHA256 + ":", BODY));
  }

  @Test
  void contentDigestRefusesMismatchesAndWhatIsNotAStructuredDictionary() {
    assertFalse(Digests.contentDigestMatches("sha-256=:" + SHA256 + ":", new byte[0]));
    assertFalse(Digests.contentDigestMatches("sha-256=:" + SHA256 + ":, sha-512=:" + SHA256 + ":", BODY));
    assertFalse(Digests.contentDigestMatches("SHA-256=" + SHA256, BODY), "the legacy Digest syntax is not a dictionary");
    assertFalse(Digests.contentDigestMatches("sha-256=\"" + SHA256 + "\"", BODY), "a string is not a byte sequence");
    assertFalse(Digests.contentDigestMatches("md5=:XrY7u+Ae7tCTyyK7j1rNww==:", BODY), "no algorithm we trust");
    assertFalse(Digests.contentDigestMatches(null, BODY));
  }
}
