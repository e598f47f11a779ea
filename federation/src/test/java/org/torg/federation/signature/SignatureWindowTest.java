package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The time window of incoming signatures, as current Mastodon's {@code SignedRequest#matches_time_window?}. */
class SignatureWindowTest {

  private static final Instant NOW = Instant.parse("2025-06-03T12:00:00Z");
  private static final SignatureWindow MASTODON = SignatureWindow.MASTODON;
  private static final KeyPair KEY = RsaKeys.generate();

  private static Optional<Instant> ago(Duration d) {
    return Optional.of(NOW.minus(d));
  }

  @Test
  void withoutExpiresASignatureIsGoodFromAnHourAheadToFiveMinutesPlusAnHourOld() {
    assertTrue(MASTODON.accepts(Optional.of(NOW.plus(Duration.ofMinutes(59))), Optional.empty(), NOW));
    assertFalse(MASTODON.accepts(Optional.of(NOW.plus(Duration.ofHours(2))), Optional.empty(), NOW), "2 h ahead");
    assertTrue(MASTODON.accepts(ago(Duration.ofMinutes(64)), Optional.empty(), NOW));
    assertFalse(MASTODON.accepts(ago(Duration.ofMinutes(66)), Optional.empty(), NOW), "older than 5 min + 1 h");
    assertFalse(MASTODON.accepts(ago(Duration.ofHours(2)), Optional.empty(), NOW), "2 h old");
    assertFalse(MASTODON.accepts(ago(Duration.ofHours(12)), Optional.empty(), NOW), "12 h old, which Torg used to accept");
  }

  @Test
  void expiresSetsTheValidityUpToTwelveHours() {
    Optional<Instant> created = ago(Duration.ofHours(3));
    assertTrue(MASTODON.accepts(created, Optional.of(NOW.plus(Duration.ofHours(1))), NOW), "3 h old, expires in 1 h");
    assertFalse(MASTODON.accepts(created, ago(Duration.ofHours(2)), NOW), "past its expires by more than the margin");
    assertTrue(MASTODON.accepts(created, ago(Duration.ofMinutes(30)), NOW), "past its expires, within the margin");
    assertFalse(MASTODON.accepts(ago(Duration.ofHours(14)), Optional.of(NOW.plus(Duration.ofDays(1))), NOW),
        "an expires beyond 12 h counts as 12 h");
    assertFalse(MASTODON.accepts(Optional.empty(), ago(Duration.ofHours(2)), NOW), "expires alone is judged too");
  }

  @Test
  void theMarginIsTheKnob() {
    SignatureWindow wide = SignatureWindow.withClockSkewMargin(Duration.ofHours(3));
    assertTrue(wide.accepts(ago(Duration.ofHours(2)), Optional.empty(), NOW));
    assertTrue(wide.accepts(Optional.of(NOW.plus(Duration.ofHours(2))), Optional.empty(), NOW));
    assertThrows(IllegalArgumentException.class, () -> SignatureWindow.withClockSkewMargin(Duration.ofSeconds(-1)));
  }

  private static VerificationOutcome signedAt(SignatureFormat format, Instant signedAt, SignatureWindow window) {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    URI uri = URI.create("https://torg.example/inbox");
    Map<String, String> headers = HttpSigner.sign(format, "POST", uri, Map.of("Content-Type", "application/activity+json"),
        body, "https://peer.example/users/a#main-key", KEY.getPrivate(), signedAt);
    IncomingRequest request = WireRequests.received("POST", uri, headers, body);
    return SignatureVerifier.verify(SignatureParser.parse(request).signature().orElseThrow(), request, KEY.getPublic(), NOW,
        List.of(), window);
  }

  @Test
  void bothFormatsRefuseADateTwoHoursOldOrAhead() {
    for (SignatureFormat format : SignatureFormat.values()) {
      assertEquals(VerificationOutcome.VERIFIED, signedAt(format, NOW.minusSeconds(30), MASTODON), format.name());
      assertEquals(VerificationOutcome.CLOCK_SKEW, signedAt(format, NOW.minus(Duration.ofHours(2)), MASTODON), format + " 2 h old");
      assertEquals(VerificationOutcome.CLOCK_SKEW, signedAt(format, NOW.plus(Duration.ofHours(2)), MASTODON), format + " 2 h ahead");
      assertEquals(VerificationOutcome.VERIFIED,
          signedAt(format, NOW.minus(Duration.ofHours(2)), SignatureWindow.withClockSkewMargin(Duration.ofHours(3))), format + " wide");
    }
  }
}
