package org.torg.server.model;

import java.util.Locale;
import java.util.Optional;

/** Who may reply in a Group's threads (and, for members, open them): the threads issue enforces it. */
public enum ReplyPolicy {
  ANYONE, FOLLOWERS, MEMBERS, CLOSED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ReplyPolicy> fromWire(String value) {
    for (ReplyPolicy policy : values()) {
      if (policy.wire().equals(value)) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }
}
