package org.torg.server.processing.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogCursorTest {

  private static Long[] sorted(Long[] ids) {
    Arrays.sort(ids);
    return ids;
  }

  @Test
  void idsSkippedOverAreAskedForUntilTheyComeOrTheWaitIsOver() {
    LogCursor cursor = new LogCursor(10, 1_000);
    cursor.read(11, 0);
    cursor.read(14, 0); // 12 and 13 not committed yet
    assertEquals(14, cursor.position());
    assertArrayEquals(new Long[] {12L, 13L}, sorted(cursor.late(500)));
    cursor.read(13, 600);
    assertArrayEquals(new Long[] {12L}, cursor.late(700));
    assertEquals(14, cursor.position(), "a late row does not move the position back");
    assertArrayEquals(new Long[0], cursor.late(1_001), "12 was rolled back: given up");
  }

  @Test
  void aJumpOfTheSequenceIsNotWaitedFor() {
    LogCursor cursor = new LogCursor(0, 1_000);
    cursor.read(5_000, 0);
    assertEquals(5_000, cursor.position());
    assertArrayEquals(new Long[0], cursor.late(0));
  }
}
