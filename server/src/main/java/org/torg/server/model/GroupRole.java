package org.torg.server.model;

import java.util.Locale;
import java.util.Optional;

/** An account's place in one Group: a member may open threads where the Group says members; a moderator moderates it. */
public enum GroupRole {
  MEMBER, MODERATOR;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<GroupRole> fromWire(String value) {
    for (GroupRole role : values()) {
      if (role.wire().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
