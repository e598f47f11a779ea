package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {

  @Test
  void printsATwoDigitDayWhereJavasRfc1123FormatterPrintsOne() {
    Instant third = Instant.parse("2025-06-03T07:04:05Z");
    assertEquals("Tue, 03 Jun 2025 07:04:05 GMT", HttpDates.format(third));
    // The trap this class exists for: the JDK's own formatter is what Mastodon refuses.
    assertEquals("Tue, 3 Jun 2025 07:04:05 GMT", DateTimeFormatter.RFC_1123_DATE_TIME.format(third.atOffset(ZoneOffset.UTC)));
  }

  @Test
  void everyDayFromTheFirstToTheNinthHasTwoDigits() {
    for (int day = 1; day <= 9; day++) {
      Instant instant = LocalDate.of(2025, 1, day).atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
      String text = HttpDates.format(instant);
      assertTrue(text.matches("[A-Z][a-z]{2}, 0" + day + " Jan 2025 23:59:59 GMT"), text);
    }
  }

  @Test
  void printsInUtcWithEnglishNamesWhateverTheDefaultLocale() {
    java.util.Locale saved = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertEquals("Thu, 01 May 2025 00:00:00 GMT", HttpDates.format(Instant.parse("2025-05-01T00:00:00Z")));
    } finally {
      java.util.Locale.setDefault(saved);
    }
  }

  @Test
  void parsesWhatItPrints() {
    Instant instant = Instant.parse("2024-02-29T12:30:00Z");
    assertEquals(Optional.of(instant), HttpDates.parse(HttpDates.format(instant)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Tue, 3 Jun 2025 07:04:05 GMT",
      "Tue, 03 Jun 2025 07:04:05 GMT",
      "  Tue, 03 Jun 2025 07:04:05 GMT ",
      "03 Jun 2025 07:04:05 GMT",
      "Tue, 03 jun 2025 07:04:05 UTC",
      "Wed, 03 Jun 2025 07:04:05 GMT"})
  void toleratesWhatPeersActuallySend(String text) {
    assertEquals(Optional.of(Instant.parse("2025-06-03T07:04:05Z")), HttpDates.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "yesterday", "2025-06-03T07:04:05Z", "Tue, 32 Jun 2025 07:04:05 GMT",
      "Tue, 03 Foo 2025 07:04:05 GMT", "Tue, 03 Jun 2025 07:04:05 +0200", "Tue, 03 Jun 2025 25:04:05 GMT"})
  void refusesWhatIsNotAnHttpDate(String text) {
    assertEquals(Optional.empty(), HttpDates.parse(text));
  }

  @Test
  void refusesNull() {
    assertEquals(Optional.empty(), HttpDates.parse(null));
  }
}
