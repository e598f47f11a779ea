package org.torg.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2025-06-03T07:04:05Z");

  @Test
  void readsDeltaSeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", NOW));
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse(" 30 ", NOW));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
  }

  @Test
  void readsAnHttpDate() {
    assertEquals(Optional.of(Duration.ofMinutes(10)), RetryAfter.parse("Tue, 03 Jun 2025 07:14:05 GMT", NOW));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Mon, 02 Jun 2025 07:14:05 GMT", NOW));
  }

  @Test
  void aNumberTooLongForALongIsStillVeryLong() {
    assertEquals(Optional.of(Duration.ofSeconds(Long.MAX_VALUE)), RetryAfter.parse("99999999999999999999999", NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "soon", "-5", "1.5", "30s", "0x10", "Tue, 03 Jun 2025", "2025-06-03T07:14:05Z"})
  void garbageIsEmpty(String value) {
    assertEquals(Optional.empty(), RetryAfter.parse(value, NOW));
  }

  @Test
  void anAbsentHeaderIsEmpty() {
    assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
  }
}
