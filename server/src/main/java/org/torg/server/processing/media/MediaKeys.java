package org.torg.server.processing.media;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of stored files: 128 random bits in hex, {@code -small} for a thumbnail, and the
 * format's extension. Unguessable (an unattached upload is reachable only by whoever has its
 * URL) and safe as a file name: a key that does not match is never looked up.
 */
public final class MediaKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}(-small)?\\.(jpg|png|gif|webp|pdf)");

  private MediaKeys() {}

  /** A new key and its thumbnail's, sharing the random part. */
  public static String[] fresh(MediaFormat full, MediaFormat thumbnail) {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String base = HexFormat.of().formatHex(id);
    return new String[] {base + "." + full.extension(), thumbnail == null ? null : base + "-small." + thumbnail.extension()};
  }

  public static boolean valid(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /** The format a valid key's extension names. */
  public static MediaFormat format(String key) {
    return MediaFormat.ofExtension(key.substring(key.lastIndexOf('.') + 1)).orElseThrow();
  }
}
