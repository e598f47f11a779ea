package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.torg.server.model.Report;

/**
 * The report table. Rows are read without their target actor ({@link Row} in, a {@link Stored}
 * out): the caller loads it, since a queue page holds a few dozen reports.
 */
public final class ReportRepository {

  private static final String SELECT = "SELECT r.id, r.state, r.origin, r.reporter_account_id, r.target_actor_id, r.post_ids,"
      + " r.comment, r.created_at, r.resolution_action, r.resolution_reason, r.resolved_at,"
      + " CASE WHEN ra.id IS NULL THEN NULL ELSE '@' || ra.username || '@' || ra.host END AS reporter"
      + " FROM report r LEFT JOIN actor ra ON ra.id = r.reporter_actor_id";

  /** A report as stored; {@code targetActorId} is resolved to an actor by the caller. */
  public record Stored(Report withoutTarget, Optional<Long> targetActorId) {}

  /** A new report: from a local account (reporterAccountId set) or a Flag (flagUri set). */
  public record NewReport(Report.Origin origin, Long reporterAccountId, Long reporterActorId, Long targetActorId,
      List<Long> postIds, String comment, String flagUri) {}

  private final Pool pool;

  public ReportRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** The new report's id; empty when a Flag with the same id was stored before. */
  public Future<Optional<Long>> insert(SqlClient client, NewReport r) {
    return client.preparedQuery("INSERT INTO report (origin, reporter_account_id, reporter_actor_id, target_actor_id, post_ids,"
            + " comment, flag_uri) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (flag_uri) DO NOTHING RETURNING id")
        .execute(Tuple.from(new Object[] {r.origin().name().toLowerCase(Locale.ROOT), r.reporterAccountId(), r.reporterActorId(),
            r.targetActorId(), r.postIds().toArray(new Long[0]), r.comment(), r.flagUri()}))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  public Future<Optional<Stored>> findById(long id) {
    return pool.preparedQuery(SELECT + " WHERE r.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toStored(rows.iterator().next())));
  }

  /** Oldest first within a state (the queue), or newest first for one reporter. */
  public Future<List<Stored>> byState(Report.State state, long afterId, int limit) {
    return list(SELECT + " WHERE r.state = $1 AND r.id > $2 ORDER BY r.id LIMIT $3",
        Tuple.of(state.name().toLowerCase(Locale.ROOT), afterId, limit));
  }

  public Future<List<Stored>> byReporter(long accountId, int limit) {
    return list(SELECT + " WHERE r.reporter_account_id = $1 ORDER BY r.id DESC LIMIT $2", Tuple.of(accountId, limit));
  }

  /** Marks an open report resolved; false when it was not open any more (someone else resolved it). */
  public Future<Boolean> resolve(SqlClient tx, long id, long by, String action, String reason) {
    return tx.preparedQuery("UPDATE report SET state = 'resolved', resolved_at = now(), resolved_by = $2, resolution_action = $3,"
            + " resolution_reason = $4 WHERE id = $1 AND state = 'open'")
        .execute(Tuple.of(id, by, action, reason)).map(r -> r.rowCount() == 1);
  }

  private Future<List<Stored>> list(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      List<Stored> out = new ArrayList<>();
      rows.forEach(r -> out.add(toStored(r)));
      return out;
    });
  }

  private static Stored toStored(Row r) {
    OffsetDateTime resolvedAt = r.getOffsetDateTime("resolved_at");
    Optional<Report.Resolution> resolution = resolvedAt == null ? Optional.empty()
        : Optional.of(new Report.Resolution(r.getString("resolution_action"), r.getString("resolution_reason"), resolvedAt.toInstant()));
    Long[] posts = r.getArrayOfLongs("post_ids");
    Report report = new Report(r.getLong("id"), Report.State.valueOf(r.getString("state").toUpperCase(Locale.ROOT)),
        Report.Origin.valueOf(r.getString("origin").toUpperCase(Locale.ROOT)), Optional.ofNullable(r.getString("reporter")),
        Optional.ofNullable(r.getLong("reporter_account_id")), Optional.empty(),
        posts == null ? List.of() : Arrays.asList(posts), r.getString("comment"), r.getOffsetDateTime("created_at").toInstant(),
        resolution);
    return new Stored(report, Optional.ofNullable(r.getLong("target_actor_id")));
  }
}
