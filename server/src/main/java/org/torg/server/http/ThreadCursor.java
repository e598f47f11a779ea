package org.torg.server.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.torg.server.error.HttpError;
import org.torg.server.model.DiscussionThread;

/** A position in a Group's thread list: the last thread's activity time and id, as one opaque string. */
public record ThreadCursor(Instant activity, long id) {

  public static ThreadCursor parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return new ThreadCursor(Instant.parse("9999-12-31T00:00:00Z"), Long.MAX_VALUE);
    }
    try {
      int dot = raw.indexOf('.');
      return new ThreadCursor(Instant.EPOCH.plus(Long.parseLong(raw.substring(0, dot)), ChronoUnit.MICROS),
          Long.parseLong(raw.substring(dot + 1)));
    } catch (RuntimeException e) {
      throw new HttpError(400, "bad_request", "cursor is the next value of a previous page.");
    }
  }

  public static String of(DiscussionThread last) {
    // Microseconds: PostgreSQL's precision, so the cursor falls exactly on the last line.
    return ChronoUnit.MICROS.between(Instant.EPOCH, last.lastActivityAt()) + "." + last.id();
  }
}
