package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.ModAction;
import org.torg.server.model.ModlogEntry;

/** The public moderation log: appended in the transaction of the action it records, read newest first. */
public final class ModlogRepository {

  private static final String SELECT = "SELECT m.id, m.at, m.action, m.target, m.reason, a.username AS moderator,"
      + " g.username AS group_name, m.affected_account_id FROM modlog_entry m LEFT JOIN account a ON a.id = m.moderator_id"
      + " LEFT JOIN actor g ON g.id = m.group_id";

  private final Pool pool;

  public ModlogRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Long> record(SqlClient tx, ModlogEntry.New entry) {
    return tx.preparedQuery("INSERT INTO modlog_entry (action, target, reason, moderator_id, group_id, affected_account_id)"
            + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .execute(Tuple.of(entry.action().wire(), entry.target(), entry.reason(), entry.moderatorId(), entry.groupId(),
            entry.affectedAccountId()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Newest first, entries with ids below {@code beforeId}. */
  public Future<List<ModlogEntry>> page(long beforeId, int limit) {
    return pool.preparedQuery(SELECT + " WHERE m.id < $1 ORDER BY m.id DESC LIMIT $2").execute(Tuple.of(beforeId, limit))
        .map(rows -> {
          List<ModlogEntry> out = new ArrayList<>();
          rows.forEach(r -> out.add(toEntry(r)));
          return out;
        });
  }

  public Future<Optional<ModlogEntry>> findById(long id) {
    return pool.preparedQuery(SELECT + " WHERE m.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toEntry(rows.iterator().next())));
  }

  static ModlogEntry toEntry(Row r) {
    return new ModlogEntry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(),
        ModAction.valueOf(r.getString("action").toUpperCase(java.util.Locale.ROOT)), r.getString("target"),
        r.getString("reason"), Optional.ofNullable(r.getString("moderator")), Optional.ofNullable(r.getString("group_name")),
        Optional.ofNullable(r.getLong("affected_account_id")));
  }
}
