package org.torg.server.model;

import java.util.Locale;

/**
 * Pending: registered, waiting for an admin (approval mode). Deleted: closed by its owner; the name
 * stays taken. Suspended: by a moderator; no sign-in, its actor deleted on other servers.
 */
public enum AccountState {
  PENDING, ACTIVE, DELETED, SUSPENDED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AccountState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
