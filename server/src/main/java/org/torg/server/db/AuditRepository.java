package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;

/** The audit_event table: an append-only record of sign-ins, registrations and role changes. */
public final class AuditRepository {

  private final Pool pool;

  public AuditRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> record(AuditEvent.New event) {
    return record(pool, event);
  }

  /** In the caller's transaction, so the record and the change it describes commit together. */
  public Future<Void> record(SqlClient client, AuditEvent.New event) {
    return client.preparedQuery("INSERT INTO audit_event (kind, account_id, by_account_id, username, ip, detail)"
            + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(event.kind().wire(), event.accountId(), event.byAccountId(), event.username(), event.ip(),
            event.detail()))
        .mapEmpty();
  }

  /** Newest first, before the given id (a cursor; Long.MAX_VALUE for the first page), of one kind or all. */
  public Future<List<AuditEvent>> page(Optional<AuditKind> kind, long beforeId, int limit) {
    return pool.preparedQuery("SELECT e.id, e.at, e.kind, a.username AS account, b.username AS by, e.username, e.ip, e.detail"
            + " FROM audit_event e LEFT JOIN account a ON a.id = e.account_id LEFT JOIN account b ON b.id = e.by_account_id"
            + " WHERE e.id < $1 AND ($2::text IS NULL OR e.kind = $2) ORDER BY e.id DESC LIMIT $3")
        .execute(Tuple.of(beforeId, kind.map(AuditKind::wire).orElse(null), limit))
        .map(rows -> {
          List<AuditEvent> out = new ArrayList<>();
          rows.forEach(r -> out.add(new AuditEvent(r.getLong("id"), r.getOffsetDateTime("at").toInstant(),
              AuditKind.fromWire(r.getString("kind")).orElseThrow(),
              Optional.ofNullable(r.getString("account")), Optional.ofNullable(r.getString("by")),
              Optional.ofNullable(r.getString("username")), Optional.ofNullable(r.getString("ip")),
              r.getValue("detail") instanceof JsonObject d ? d : new JsonObject())));
          return out;
        });
  }
}
