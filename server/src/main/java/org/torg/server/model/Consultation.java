package org.torg.server.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A consultation thread: open for input until {@code inputClosesAt}, deliberated on by the
 * Group until {@code deliberationEndsAt} (the same instant: no deliberation), then closed until
 * the official response ({@code responsePostId}) answers it, citing {@code cited} posts.
 */
public record Consultation(long threadId, Instant inputClosesAt, Instant deliberationEndsAt, Optional<Long> responsePostId,
    List<Long> cited) {

  public Consultation {
    cited = List.copyOf(cited);
  }

  /** Derived from the dates and the response, so no timer has to move a consultation on. */
  public ConsultationPhase phase(Instant now) {
    if (responsePostId.isPresent()) {
      return ConsultationPhase.ANSWERED;
    }
    if (now.isBefore(inputClosesAt)) {
      return ConsultationPhase.OPEN;
    }
    return now.isBefore(deliberationEndsAt) ? ConsultationPhase.DELIBERATION : ConsultationPhase.CLOSED;
  }
}
