package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Appeals of moderation log entries by the local accounts they concern. Rows are read as API-shaped JSON. */
public final class AppealRepository {

  private static final String SELECT = "SELECT ap.id, ap.entry_id, ac.username, ap.text, ap.state, ap.created_at, ap.decided_at,"
      + " ap.decision_reason FROM appeal ap JOIN account ac ON ac.id = ap.account_id";

  /** An account appeals one entry once. */
  public static final class AlreadyAppealedException extends RuntimeException {
    AlreadyAppealedException() {
      super("already appealed", null, false, false);
    }
  }

  private final Pool pool;

  public AppealRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Long> insert(long entryId, long accountId, String text) {
    return pool.preparedQuery("INSERT INTO appeal (entry_id, account_id, text) VALUES ($1, $2, $3) RETURNING id")
        .execute(Tuple.of(entryId, accountId, text))
        .map(rows -> rows.iterator().next().getLong(0))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? new AlreadyAppealedException() : e));
  }

  /** Appeals in a state (or all), oldest first. */
  public Future<List<JsonObject>> list(Optional<String> state) {
    return pool.preparedQuery(SELECT + " WHERE ($1::text IS NULL OR ap.state = $1) ORDER BY ap.id LIMIT 200")
        .execute(Tuple.of(state.orElse(null))).map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(toJson(r)));
          return out;
        });
  }

  public Future<Optional<JsonObject>> findById(long id) {
    return pool.preparedQuery(SELECT + " WHERE ap.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  /** Decides an open appeal; false when it was decided already. */
  public Future<Boolean> decide(SqlClient tx, long id, String state, long by, String reason) {
    return tx.preparedQuery("UPDATE appeal SET state = $2, decided_at = now(), decided_by = $3, decision_reason = $4"
            + " WHERE id = $1 AND state = 'open'").execute(Tuple.of(id, state, by, reason)).map(r -> r.rowCount() == 1);
  }

  private static JsonObject toJson(Row r) {
    OffsetDateTime decided = r.getOffsetDateTime("decided_at");
    return new JsonObject().put("id", String.valueOf(r.getLong("id"))).put("entryId", String.valueOf(r.getLong("entry_id")))
        .put("account", r.getString("username")).put("text", r.getString("text")).put("state", r.getString("state"))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
        .put("decidedAt", decided == null ? null : decided.toInstant().toString())
        .put("decisionReason", r.getString("decision_reason"));
  }
}
