package org.torg.federation.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.torg.federation.signature.HttpDates;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3), which a peer sends with 429 or 503
 * to say how long to stay away: either a number of seconds or an HTTP date.
 */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * @return how long from {@code now} the peer asks us to wait: zero for a date already past;
   *     empty for an absent or unreadable header, which then does not change the schedule
   */
  public static Optional<Duration> parse(String headerValue, Instant now) {
    if (headerValue == null) {
      return Optional.empty();
    }
    String value = headerValue.trim();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(Duration.ofSeconds(saturatedSeconds(value)));
    }
    return HttpDates.parse(value)
        .map(date -> date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO);
  }

  /**
   * A number too long for a long is still a request to wait very long, not garbage; the
   * {@link RetryPolicy} caps it anyway.
   */
  private static long saturatedSeconds(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
