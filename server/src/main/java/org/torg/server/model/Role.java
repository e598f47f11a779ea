package org.torg.server.model;

import java.util.Locale;
import java.util.Optional;

/** An account's instance-wide role. Membership and moderation of one Group are {@link GroupRole}. */
public enum Role {
  CITIZEN, MODERATOR, ADMIN;

  /** Moderators and admins moderate every Group and the instance. */
  public boolean moderatesInstance() {
    return this != CITIZEN;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWire(String value) {
    for (Role role : values()) {
      if (role.wire().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
