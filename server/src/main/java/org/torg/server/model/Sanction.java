package org.torg.server.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A sanction on one actor. Silence (Mastodon's "limit"): a local account may not post; a remote
 * actor's new posts are refused in Torg's threads. Suspend: a local account cannot sign in and its
 * actor is deleted everywhere; a remote actor's posts are removed here, its follows cut and its
 * activities dropped at the inbox.
 */
public enum Sanction {
  SILENCE, SUSPEND;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Sanction> fromWire(String value) {
    for (Sanction s : values()) {
      if (s.wire().equals(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
