package org.torg.federation.vocab;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * Reads the xsd:dateTime values peers send for {@code published}, {@code updated},
 * {@code endTime} and {@code closed}. They are all ISO-8601 but not all alike: Mastodon writes
 * {@code Z} with whole seconds, Lemmy six fraction digits and {@code +00:00}, Pleroma's polls a
 * time with no offset at all (read as UTC), and some peers {@code +0200} without a colon.
 */
public final class Timestamps {

  private static final DateTimeFormatter PEER_DATE_TIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
      .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
      .toFormatter()
      // A date that does not exist (February 30) is a broken value, not one to round.
      .withResolverStyle(ResolverStyle.STRICT);

  /** No real timestamp is longer; a longer value is not parsed at all. */
  private static final int MAX_CHARS = 64;

  private Timestamps() {}

  /** The instant a property names, or null when it is absent or not a date-time. */
  public static Instant parse(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    String text = s.strip();
    if (text.length() < 16 || text.length() > MAX_CHARS) {
      return null;
    }
    if (text.charAt(10) == ' ') {
      // "2024-01-02 03:04:05" is what a timestamp printed by a database looks like.
      text = text.substring(0, 10) + 'T' + text.substring(11);
    }
    try {
      return OffsetDateTime.parse(text, PEER_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }
}
