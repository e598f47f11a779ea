package org.torg.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The media ranges of an {@code Accept} field (RFC 9110 §12.5.1): every field line of the
 * request, combined into one list (§5.3), each range with its quality value. Lenient as
 * servers are: a range that does not parse is skipped, a bad {@code q} counts as 0.
 */
final class MediaRanges {

  /** More than any client sends; a longer list is cut so a hostile header costs bounded work. */
  static final int MAX_RANGES = 64;

  /**
   * @param type lower case, {@code *} for any
   * @param subtype lower case, {@code *} for any
   * @param q the quality, 0 to 1; 0 means "not acceptable"
   * @param order the range's position in the combined list
   */
  record Range(String type, String subtype, double q, int order) {

    boolean matches(String offeredType, String offeredSubtype) {
      return (type.equals("*") || type.equals(offeredType)) && (subtype.equals("*") || subtype.equals(offeredSubtype));
    }

    /** 2 for {@code type/subtype}, 1 for {@code type/*}, 0 for {@code *}{@code /*}: the most specific match decides (§12.5.1). */
    int specificity() {
      return type.equals("*") ? 0 : subtype.equals("*") ? 1 : 2;
    }
  }

  private MediaRanges() {}

  /** The ranges of all the request's Accept field lines, in order. */
  static List<Range> parse(List<String> fieldLines) {
    List<Range> ranges = new ArrayList<>();
    for (String line : fieldLines) {
      for (String member : splitOutsideQuotes(line, ',')) {
        if (ranges.size() == MAX_RANGES) {
          return ranges;
        }
        parseRange(member, ranges.size()).ifPresent(ranges::add);
      }
    }
    return ranges;
  }

  private static Optional<Range> parseRange(String member, int order) {
    List<String> parts = splitOutsideQuotes(member, ';');
    String mediaType = parts.get(0).strip().toLowerCase(Locale.ROOT);
    int slash = mediaType.indexOf('/');
    if (slash <= 0 || slash == mediaType.length() - 1) {
      return Optional.empty();
    }
    String type = mediaType.substring(0, slash).strip();
    String subtype = mediaType.substring(slash + 1).strip();
    if (type.equals("*") && !subtype.equals("*")) {
      return Optional.empty();
    }
    double q = 1;
    for (int i = 1; i < parts.size(); i++) {
      String param = parts.get(i).strip();
      if (param.length() > 1 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.substring(1).strip().startsWith("=")) {
        q = quality(param.substring(param.indexOf('=') + 1).strip());
      }
    }
    return Optional.of(new Range(type, subtype, q, order));
  }

  private static double quality(String text) {
    try {
      double q = Double.parseDouble(text);
      return Double.isNaN(q) || q < 0 ? 0 : Math.min(q, 1);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Splits on {@code separator} except inside a quoted string ({@code profile="a,b"}). */
  private static List<String> splitOutsideQuotes(String text, char separator) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == separator && !quoted) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }
}
