package org.torg.server.processing.accounts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.torg.server.error.HttpError;

/** What account input must look like; each rule fails with 422 and a message that says what to fix. */
public final class AccountRules {

  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 256;
  static final int MAX_EMAIL = 254;
  static final int MAX_DISPLAY_NAME = 100;
  static final int MAX_BIO = 500;
  static final int MAX_URL = 2048;
  static final int MAX_REASON = 1000;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

  private AccountRules() {}

  /** Names are lower case (WebFinger and Mastodon compare them so): "Alice" registers as "alice". */
  public static String username(String raw) {
    return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
  }

  public static String email(String raw) {
    String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
      throw new HttpError(422, "invalid_email", "That is not an email address.");
    }
    return email;
  }

  public static String password(String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD || password.isBlank()) {
      throw new HttpError(422, "invalid_password",
          "A password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
    }
    return password;
  }

  public static String displayName(String raw) {
    String name = raw == null ? null : raw.strip();
    if (name != null && name.codePointCount(0, name.length()) > MAX_DISPLAY_NAME) {
      throw new HttpError(422, "invalid_display_name", "A display name has at most " + MAX_DISPLAY_NAME + " characters.");
    }
    return name == null || name.isEmpty() ? null : name;
  }

  public static String bio(String raw) {
    String bio = raw == null ? null : raw.strip();
    if (bio != null && bio.codePointCount(0, bio.length()) > MAX_BIO) {
      throw new HttpError(422, "invalid_bio", "A bio has at most " + MAX_BIO + " characters.");
    }
    return bio == null || bio.isEmpty() ? null : bio;
  }

  public static String reason(String raw) {
    String reason = raw == null ? null : raw.strip();
    if (reason != null && reason.length() > MAX_REASON) {
      throw new HttpError(422, "invalid_reason", "A reason has at most " + MAX_REASON + " characters.");
    }
    return reason == null || reason.isEmpty() ? null : reason;
  }

  /** An avatar: an absolute http(s) URL that other servers will fetch; empty removes it. */
  public static String avatarUrl(String raw) {
    String url = raw == null ? null : raw.strip();
    if (url == null || url.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (url.length() <= MAX_URL && (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
          && uri.getRawUserInfo() == null) {
        return uri.toString();
      }
    } catch (URISyntaxException e) {
      // falls through to the error
    }
    throw new HttpError(422, "invalid_avatar_url", "An avatar is an http(s) URL of at most " + MAX_URL + " characters.");
  }
}
