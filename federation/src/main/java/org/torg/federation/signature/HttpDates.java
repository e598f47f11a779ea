package org.torg.federation.signature;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP {@code Date} header as peers check it. Written as IMF-fixdate with a two-digit day:
 * Java's {@code RFC_1123_DATE_TIME} prints {@code 3 Jun}, which Mastodon refuses, so every
 * signature made on the 1st to the 9th of a month would fail (mastodon#22536).
 */
public final class HttpDates {

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /*
   * Read by hand rather than with a DateTimeFormatter: a formatter refuses a weekday that does
   * not match the date, and a peer with such a bug still signed exactly the text we received;
   * the date itself is what the time window needs. One-digit days are tolerated for the same
   * reason. "UTC" and "+0000" are what some non-Java stacks put where "GMT" belongs.
   */
  private static final Pattern DATE = Pattern.compile(
      "(?:[A-Za-z]{3},\\s*)?(\\d{1,2}) ([A-Za-z]{3}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) (?:GMT|UTC|\\+0000)");

  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  private HttpDates() {}

  /** {@code Tue, 03 Jun 2025 07:04:05 GMT}. */
  public static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** The instant an IMF-fixdate names, or empty when the text is not one. */
  public static Optional<Instant> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = DATE.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    int month = monthNumber(m.group(2));
    if (month == 0) {
      return Optional.empty();
    }
    try {
      LocalDateTime time = LocalDateTime.of(
          Integer.parseInt(m.group(3)), Month.of(month), Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
      return Optional.of(time.toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static int monthNumber(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equals(lower)) {
        return i + 1;
      }
    }
    return 0;
  }
}
