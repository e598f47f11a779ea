package org.torg.server.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A block of a whole server, with the fields of Mastodon's blocklist CSV. Severity: silence (its
 * actors' posts are refused in Torg's threads), suspend (nothing is accepted from it and nothing
 * delivered to it) or reject_media (Torg stores no media from it; Torg keeps no remote media at
 * all, so this only records the choice for export).
 */
public record DomainBlock(String domain, Severity severity, boolean rejectMedia, boolean rejectReports, String reason,
    boolean obfuscate, Instant createdAt) {

  public enum Severity {
    SILENCE, SUSPEND, REJECT_MEDIA;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Mastodon writes "noop" for a block that only rejects media or reports: read it as reject_media. */
    public static Optional<Severity> fromWire(String value) {
      String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
      if (v.equals("noop")) {
        return Optional.of(REJECT_MEDIA);
      }
      for (Severity s : values()) {
        if (s.wire().equals(v)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }
}
