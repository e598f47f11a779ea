package org.torg.server.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * One audit log entry. {@code account}: whom it concerns; {@code by}: who did it when that is
 * someone else (an admin); {@code username}: the name given, for failed sign-ins of unknown names.
 */
public record AuditEvent(
    long id,
    Instant at,
    AuditKind kind,
    Optional<String> account,
    Optional<String> by,
    Optional<String> username,
    Optional<String> ip,
    JsonObject detail) {

  /** A new event to record: ids and names are filled in by the database. */
  public record New(AuditKind kind, Long accountId, Long byAccountId, String username, String ip, JsonObject detail) {

    public static New of(AuditKind kind, Long accountId, String ip) {
      return new New(kind, accountId, null, null, ip, null);
    }
  }
}
