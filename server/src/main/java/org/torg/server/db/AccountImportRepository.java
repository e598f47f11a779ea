package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The account_import and account_import_row tables (V27): uploaded Mastodon CSVs and each line's outcome. */
public final class AccountImportRepository {

  /** One import and its counts so far. */
  public record Import(long id, long actorId, String kind, Instant createdAt, Optional<Instant> finishedAt, int total, int done,
      int failed) {}

  /** A line of an upload, its address, and what came of it. */
  public record Line(long importId, int line, String address, String state, String reason) {}

  /** A queued line with who asked and for what. */
  public record Queued(long importId, long actorId, String kind, int line, String address) {}

  private static final String IMPORT_COLUMNS = "i.id, i.actor_id, i.kind, i.created_at, i.finished_at,"
      + " (SELECT count(*) FROM account_import_row r WHERE r.import_id = i.id),"
      + " (SELECT count(*) FROM account_import_row r WHERE r.import_id = i.id AND r.state = 'done'),"
      + " (SELECT count(*) FROM account_import_row r WHERE r.import_id = i.id AND r.state = 'failed')";

  private final Pool pool;

  public AccountImportRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores an upload whole, or nothing: the import and all its lines in one transaction. */
  public Future<Long> insert(long actorId, String kind, List<String> addresses, List<Integer> lines) {
    return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO account_import (actor_id, kind) VALUES ($1, $2) RETURNING id")
        .execute(Tuple.of(actorId, kind)).map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> {
          List<Tuple> batch = new ArrayList<>();
          for (int i = 0; i < addresses.size(); i++) {
            batch.add(Tuple.of(id, lines.get(i), addresses.get(i)));
          }
          return batch.isEmpty() ? Future.succeededFuture(id)
              : tx.preparedQuery("INSERT INTO account_import_row (import_id, line, address, state) VALUES ($1, $2, $3, 'queued')")
                  .executeBatch(batch).map(id);
        }));
  }

  public Future<Optional<Import>> find(long actorId, long id) {
    return pool.preparedQuery("SELECT " + IMPORT_COLUMNS + " FROM account_import i WHERE i.id = $1 AND i.actor_id = $2")
        .execute(Tuple.of(id, actorId)).map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toImport(rows.iterator().next())));
  }

  public Future<List<Import>> recent(long actorId, int limit) {
    return pool.preparedQuery("SELECT " + IMPORT_COLUMNS + " FROM account_import i WHERE i.actor_id = $1 ORDER BY i.id DESC LIMIT $2")
        .execute(Tuple.of(actorId, limit)).map(rows -> {
          List<Import> out = new ArrayList<>();
          rows.forEach(r -> out.add(toImport(r)));
          return out;
        });
  }

  /** Imports of this person not finished yet: one at a time is enough. */
  public Future<Long> countUnfinished(long actorId) {
    return pool.preparedQuery("SELECT count(*) FROM account_import WHERE actor_id = $1 AND finished_at IS NULL")
        .execute(Tuple.of(actorId)).map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<List<Line>> failures(long importId, int limit) {
    return pool.preparedQuery("SELECT import_id, line, address, state, reason FROM account_import_row"
            + " WHERE import_id = $1 AND state = 'failed' ORDER BY line LIMIT $2")
        .execute(Tuple.of(importId, limit)).map(rows -> {
          List<Line> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Line(r.getLong(0), r.getInteger(1), r.getString(2), r.getString(3), r.getString(4))));
          return out;
        });
  }

  /** The oldest queued lines of unfinished imports, oldest import first. */
  public Future<List<Queued>> queued(int limit) {
    return pool.preparedQuery("SELECT r.import_id, i.actor_id, i.kind, r.line, r.address FROM account_import_row r"
            + " JOIN account_import i ON i.id = r.import_id WHERE i.finished_at IS NULL AND r.state = 'queued'"
            + " ORDER BY r.import_id, r.line LIMIT $1")
        .execute(Tuple.of(limit)).map(rows -> {
          List<Queued> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Queued(r.getLong(0), r.getLong(1), r.getString(2), r.getInteger(3), r.getString(4))));
          return out;
        });
  }

  public Future<Void> settle(long importId, int line, String state, String reason) {
    return pool.preparedQuery("UPDATE account_import_row SET state = $3, reason = $4 WHERE import_id = $1 AND line = $2")
        .execute(Tuple.of(importId, line, state, reason)).mapEmpty();
  }

  /** Marks imports with no queued line left as finished. */
  public Future<Integer> finishDone() {
    return pool.query("UPDATE account_import i SET finished_at = now() WHERE finished_at IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM account_import_row r WHERE r.import_id = i.id AND r.state = 'queued')")
        .execute().map(rows -> rows.rowCount());
  }

  private static Import toImport(Row r) {
    return new Import(r.getLong(0), r.getLong(1), r.getString(2), r.getOffsetDateTime(3).toInstant(),
        Optional.ofNullable(r.getOffsetDateTime(4)).map(t -> t.toInstant()), r.getLong(5).intValue(), r.getLong(6).intValue(),
        r.getLong(7).intValue());
  }
}
