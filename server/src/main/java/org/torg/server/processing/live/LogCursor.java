package org.torg.server.processing.live;

import java.util.HashMap;
import java.util.Map;

/**
 * How far the feed has read one log (thread_event or notification), by id. Ids are handed out
 * when a row is inserted but become visible when its transaction commits, so a later id can be
 * read before an earlier one: the ids skipped over are asked for again, for a few seconds, until
 * they show up (and are sent then) or are given up (a rolled-back insert leaves its id unused).
 * Used on the feed's context only.
 */
final class LogCursor {

  // Beyond this the skipped ids are not a transaction or two in flight but a jump of the sequence.
  private static final int MAX_GAP = 1_000;

  private final long waitMillis;
  private long position;
  private final Map<Long, Long> late = new HashMap<>(); // id to the time it is given up

  LogCursor(long start, long waitMillis) {
    this.position = start;
    this.waitMillis = waitMillis;
  }

  long position() {
    return position;
  }

  /** The skipped ids still worth asking for. */
  Long[] late(long now) {
    late.values().removeIf(giveUpAt -> giveUpAt < now);
    return late.keySet().toArray(Long[]::new);
  }

  /** Marks a row read: it is not asked for again, and the ids it skipped are. */
  void read(long id, long now) {
    late.remove(id);
    if (id > position) {
      if (id - position <= MAX_GAP) {
        for (long skipped = position + 1; skipped < id; skipped++) {
          late.put(skipped, now + waitMillis);
        }
      }
      position = id;
    }
  }
}
