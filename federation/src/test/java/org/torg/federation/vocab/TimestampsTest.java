package org.torg.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2019-05-11T09:03:36Z,                2019-05-11T09:03:36Z",          // Mastodon
      "2022-04-29T07:52:32.548Z,            2022-04-29T07:52:32.548Z",      // PeerTube, Misskey
      "2021-02-26T12:35:34.292626Z,         2021-02-26T12:35:34.292626Z",   // Lemmy
      "2022-08-06T18:35:01.043072+00:00,    2022-08-06T18:35:01.043072Z",   // lotide, Lemmy 0.16
      "2019-09-19T00:32:36.785333,          2019-09-19T00:32:36.785333Z",   // Pleroma poll 'closed': no offset, UTC
      "2025-03-05T11:00:00+01:00,           2025-03-05T10:00:00Z",
      "2025-03-05T11:00:00+0100,            2025-03-05T10:00:00Z",
      "2025-03-05T11:00:00-05,              2025-03-05T16:00:00Z",
      "2025-03-05t11:00:00z,                2025-03-05T11:00:00Z",
      "2025-03-05 11:00:00Z,                2025-03-05T11:00:00Z",
      "2025-03-05T11:00Z,                   2025-03-05T11:00:00Z",
      "' 2025-03-05T11:00:00Z ',            2025-03-05T11:00:00Z"
  })
  void readsWhatPeersSend(String sent, String expected) {
    assertEquals(Instant.parse(expected), Timestamps.parse(sent));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", "SCRUBBED_DATE", "2025-03-05", "2025-13-05T11:00:00Z", "2025-02-30T11:00:00Z",
      "1741172400", "2025-03-05T11:00:00+25:00", "2025-03-05T11:00:00Z and then some text to make it long enough to refuse"})
  void anythingElseIsAbsent(String sent) {
    assertNull(Timestamps.parse(sent));
  }

  @Test
  void aNonStringIsAbsent() {
    assertNull(Timestamps.parse(1741172400L));
    assertNull(Timestamps.parse(null));
  }
}
