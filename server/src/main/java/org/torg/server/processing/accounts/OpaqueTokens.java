package org.torg.server.processing.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bearer secrets (refresh tokens, CSRF tokens): 256 bits, base64url. Only their SHA-256
 * is stored: with that much entropy a fast hash is enough, and a database leak yields nothing usable.
 */
public final class OpaqueTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_CHARS = 128;

  private OpaqueTokens() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** Whether a string could be a token at all: checked before any lookup. */
  public static boolean plausible(String token) {
    return token != null && !token.isEmpty() && token.length() <= MAX_CHARS;
  }

  /** Constant-time comparison, for tokens compared in memory. */
  public static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
