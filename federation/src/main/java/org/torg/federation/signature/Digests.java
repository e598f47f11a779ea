package org.torg.federation.signature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Body digests: the legacy {@code Digest} header (RFC 3230) that draft-cavage signatures cover,
 * and {@code Content-Digest} (RFC 9530) that RFC 9421 signatures cover. Both always hash the raw
 * body bytes as received: a re-serialized JSON body never matches.
 */
public final class Digests {

  private Digests() {}

  /** {@code SHA-256=<base64>}: base64, never hex (mastodon#22536). */
  public static String digestHeader(byte[] body) {
    return "SHA-256=" + Base64.getEncoder().encodeToString(hash("SHA-256", body));
  }

  /** {@code sha-256=:<base64>:}, an RFC 8941 dictionary as RFC 9530 requires. */
  public static String contentDigestHeader(byte[] body) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(hash("SHA-256", body)) + ":";
  }

  /**
   * Whether a {@code Digest} header vouches for the body: it must carry a SHA-256 entry (the
   * algorithm name in any case), and every SHA-256 or SHA-512 entry it carries must match, so a
   * sender cannot hide a wrong digest next to a right one. Hex, which some senders wrote by
   * mistake, decodes to the wrong length as base64 and is refused.
   */
  public static boolean digestHeaderMatches(String headerValue, byte[] body) {
    if (headerValue == null) {
      return false;
    }
    boolean sawSha256 = false;
    for (String entry : headerValue.split(",")) {
      int equals = entry.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String algorithm = javaName(entry.substring(0, equals).trim());
      if (algorithm == null) {
        continue;
      }
      byte[] claimed = decodeBase64(entry.substring(equals + 1).trim());
      if (claimed == null || !MessageDigest.isEqual(claimed, hash(algorithm, body))) {
        return false;
      }
      sawSha256 |= algorithm.equals("SHA-256");
    }
    return sawSha256;
  }

  /**
   * Whether a {@code Content-Digest} header vouches for the body: at least one sha-256 or
   * sha-512 member, and every such member matching. Other algorithms (md5, sha, unixsum…) are
   * ignored: RFC 9530 deprecates them and they prove nothing.
   */
  public static boolean contentDigestMatches(String headerValue, byte[] body) {
    Map<String, byte[]> claimed = contentDigestMembers(headerValue);
    if (claimed == null || claimed.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, byte[]> member : claimed.entrySet()) {
      if (!MessageDigest.isEqual(member.getValue(), hash(member.getKey(), body))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a {@code Digest} header can be checked at all, without the body: a SHA-256 entry,
   * and every SHA-256 or SHA-512 entry base64 of the right length (hex is not). Read before any
   * key is fetched, so a malformed request costs no outgoing request.
   */
  public static boolean digestHeaderWellFormed(String headerValue) {
    if (headerValue == null) {
      return false;
    }
    boolean sawSha256 = false;
    for (String entry : headerValue.split(",")) {
      int equals = entry.indexOf('=');
      String algorithm = equals < 0 ? null : javaName(entry.substring(0, equals).trim());
      if (algorithm == null) {
        continue;
      }
      byte[] claimed = decodeBase64(entry.substring(equals + 1).trim());
      if (claimed == null || claimed.length != length(algorithm)) {
        return false;
      }
      sawSha256 |= algorithm.equals("SHA-256");
    }
    return sawSha256;
  }

  /**
   * Whether a {@code Content-Digest} header can be checked at all: an RFC 8941 dictionary with
   * a sha-256 or sha-512 member, every such member a byte sequence of the right length.
   */
  public static boolean contentDigestWellFormed(String headerValue) {
    Map<String, byte[]> claimed = contentDigestMembers(headerValue);
    if (claimed == null || claimed.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, byte[]> member : claimed.entrySet()) {
      if (member.getValue().length != length(member.getKey())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The sha-256 and sha-512 members of a {@code Content-Digest} header by Java algorithm name,
   * others ignored; null when the header is absent, not a dictionary, or a known member is not a
   * byte sequence.
   */
  private static Map<String, byte[]> contentDigestMembers(String headerValue) {
    if (headerValue == null) {
      return null;
    }
    Map<String, StructuredFields.Member> members;
    try {
      members = StructuredFields.parseDictionary(headerValue.trim());
    } catch (StructuredFields.MalformedFieldException e) {
      return null;
    }
    Map<String, byte[]> known = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, StructuredFields.Member> member : members.entrySet()) {
      String algorithm = javaName(member.getKey());
      if (algorithm == null) {
        continue;
      }
      if (!(member.getValue().value() instanceof StructuredFields.Item item)
          || !(item.value() instanceof StructuredFields.ByteSequence claimed)) {
        return null;
      }
      known.put(algorithm, claimed.bytes());
    }
    return known;
  }

  private static int length(String javaAlgorithm) {
    return javaAlgorithm.equals("SHA-256") ? 32 : 64;
  }

  private static String javaName(String algorithm) {
    return switch (algorithm.toLowerCase(Locale.ROOT)) {
      case "sha-256" -> "SHA-256";
      case "sha-512" -> "SHA-512";
      default -> null;
    };
  }

  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static byte[] hash(String algorithm, byte[] body) {
    try {
      return MessageDigest.getInstance(algorithm).digest(body == null ? new byte[0] : body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has " + algorithm, e);
    }
  }
}
