package org.torg.server.processing.posts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply's stance in a consultation, as it federates: the hashtag its text starts with,
 * {@code #for}, {@code #against} or {@code #amendment} (any case; FEDERATION.md,
 * "Consultations"). Any server can send it, and its users can read it.
 */
public final class Stances {

  public static final java.util.List<String> ALL = java.util.List.of("for", "against", "amendment");
  private static final Pattern LEADING = Pattern.compile("^\\s*#(for|against|amendment)(?![\\p{L}\\p{N}_])",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|nbsp);");

  private Stances() {}

  /** The stance a text (Markdown or plain) starts with. */
  public static Optional<String> leading(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = LEADING.matcher(text);
    return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /**
   * The stance remote HTML starts with. Mastodon writes the hashtag as a link, often after a
   * mention of the author replied to ({@code @alice #for …}), so leading mentions are skipped.
   */
  public static Optional<String> leadingInHtml(String html) {
    if (html == null || html.isBlank()) {
      return Optional.empty();
    }
    // Only the first words matter, and the HTML has passed RemoteHtml: dropping the tags is enough.
    String text = decodeEntities(TAG.matcher(html).replaceAll("")).strip();
    text = text.replaceFirst("^(@[\\w.\\-]+(@[\\w.\\-:]+)?\\s+)+", "");
    return leading(text);
  }

  /** The sanitizer writes {@code @} and {@code #} as numeric entities; the named ones matter too for the first words. */
  private static String decodeEntities(String text) {
    Matcher m = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String replacement = switch (e) {
        case "amp" -> "&";
        case "lt" -> "<";
        case "gt" -> ">";
        case "quot" -> "\"";
        case "nbsp" -> " ";
        default -> {
          try {
            int code = e.startsWith("#x") || e.startsWith("#X") ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
            yield Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "";
          } catch (NumberFormatException bad) {
            yield m.group();
          }
        }
      };
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }

  /** A stance as the API accepts it: for, against, amendment, or none. */
  public static Optional<String> parse(String wire) {
    return wire != null && ALL.contains(wire) ? Optional.of(wire) : Optional.empty();
  }
}
