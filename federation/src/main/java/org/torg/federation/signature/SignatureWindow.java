package org.torg.federation.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a signed time is acceptable, as current Mastodon decides it ({@code app/lib/signed_request.rb}):
 * the signed time ({@code Date} or {@code created}) may be at most {@code clockSkewMargin} ahead
 * of ours; a signature is valid until its {@code expires}, or without one until
 * {@code defaultValidity} after its time, never longer than {@code maxValidity} after it, and is
 * accepted for {@code clockSkewMargin} beyond that. With Mastodon's values a {@code Date}
 * without {@code expires} is good from 1 h ahead to 65 min old; a signature carrying
 * {@code expires} may live up to 12 h (plus the margin). Replayed requests older than that fail.
 *
 * @param clockSkewMargin tolerance for clocks that disagree, in both directions
 * @param defaultValidity how long a signature without {@code expires} is valid
 * @param maxValidity the longest a signature's {@code expires} may make it valid
 */
public record SignatureWindow(Duration clockSkewMargin, Duration defaultValidity, Duration maxValidity) {

  /** Mastodon's: {@code CLOCK_SKEW_MARGIN} 1 h, 5 min without {@code expires}, {@code EXPIRATION_WINDOW_LIMIT} 12 h. */
  public static final SignatureWindow MASTODON = new SignatureWindow(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(12));

  public SignatureWindow {
    if (clockSkewMargin.isNegative() || defaultValidity.isNegative() || maxValidity.compareTo(defaultValidity) < 0) {
      throw new IllegalArgumentException("a signature window needs margin, validity >= 0 and max validity >= validity");
    }
  }

  /** Mastodon's window with another clock skew margin (the one knob operators turn). */
  public static SignatureWindow withClockSkewMargin(Duration margin) {
    return new SignatureWindow(margin, MASTODON.defaultValidity(), MASTODON.maxValidity());
  }

  /**
   * Whether a signature made at {@code signedAt} (empty: the signature names no time of its
   * own, only {@code expires}) with this {@code expires} is acceptable {@code now}.
   */
  public boolean accepts(Optional<Instant> signedAt, Optional<Instant> expires, Instant now) {
    if (signedAt.isPresent() && signedAt.get().isAfter(now.plus(clockSkewMargin))) {
      return false;
    }
    Optional<Instant> validUntil = signedAt.isEmpty()
        ? expires
        : Optional.of(min(expires.orElse(signedAt.get().plus(defaultValidity)), signedAt.get().plus(maxValidity)));
    return validUntil.map(until -> !now.isAfter(until.plus(clockSkewMargin))).orElse(true);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
