package org.torg.server.model;

import java.util.Locale;
import java.util.Optional;

/** What the audit log records for admins. */
public enum AuditKind {
  SIGN_IN, SIGN_IN_FAILED, SIGN_IN_BLOCKED, SIGN_OUT, REFRESH_TOKEN_REUSED,
  REGISTERED, REGISTRATION_APPROVED, REGISTRATION_REJECTED, ADMIN_CREATED,
  ROLE_CHANGED, GROUP_ROLE_CHANGED, PASSWORD_CHANGED, SESSIONS_REVOKED, ACCOUNT_DELETED, TWO_FACTOR_ENABLED,
  TWO_FACTOR_DISABLED, SIGN_IN_SECOND_FACTOR_FAILED,
  EMAIL_VERIFIED, PASSWORD_RESET_REQUESTED, PASSWORD_RESET;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AuditKind> fromWire(String value) {
    for (AuditKind kind : values()) {
      if (kind.wire().equals(value)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
