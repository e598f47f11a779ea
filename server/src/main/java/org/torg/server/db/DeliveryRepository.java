package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Delivery rows: one per (activity, remote inbox), claimed by workers with FOR UPDATE SKIP LOCKED. */
public final class DeliveryRepository {

  /** A claimed delivery; the activity's bytes are read separately, once per activity. */
  public record Claimed(long id, String inbox, String host, int attempts, long actorId, long activityId) {}

  private final Pool pool;

  public DeliveryRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * In the caller's transaction: one row per distinct inbox, all in one statement. A batch of
   * single-row statements cost PostgreSQL a statement, a foreign-key check and a queue
   * notification per row: a fan-out's rows took a fifth of what its deliveries cost it.
   */
  public Future<Void> insert(SqlClient tx, long activityId, Collection<String> inboxes, Collection<String> hosts) {
    if (inboxes.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("INSERT INTO delivery (activity_id, inbox, host)"
            + " SELECT $1, i, h FROM unnest($2::text[], $3::text[]) AS r (i, h) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(activityId, inboxes.toArray(new String[0]), hosts.toArray(new String[0]))).mapEmpty();
  }

  /**
   * Claims due deliveries for node {@code node}. The lease (locked_until) hands a row to another
   * worker or node if this one dies mid-send, and sooner than that when the claiming node's lock
   * is gone ({@link NodeLocks#CLAIMER_GONE}: it died); rows locked by a concurrent claim are
   * skipped, not waited for.
   */
  public Future<List<Claimed>> claim(int limit, Duration lease, int node) {
    return pool.preparedQuery("UPDATE delivery d SET locked_until = now() + make_interval(secs => $2), attempts = d.attempts + 1,"
            + " claimed_by = $3 FROM outbox_activity a WHERE a.id = d.activity_id AND d.id IN ("
            + "SELECT id FROM delivery WHERE state = 'pending' AND next_attempt_at <= now()"
            + " AND (locked_until IS NULL OR locked_until < now() OR " + NodeLocks.CLAIMER_GONE + ")"
            + " ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING d.id, d.inbox, d.host, d.attempts, a.actor_id, a.id AS activity_id")
        .execute(Tuple.of(limit, (double) lease.toSeconds(), node))
        .map(rows -> {
          List<Claimed> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Claimed(r.getLong("id"), r.getString("inbox"), r.getString("host"), r.getInteger("attempts"),
                r.getLong("actor_id"), r.getLong("activity_id")));
          }
          return out;
        });
  }

  /** The activities' JSON as text, by id: what a delivery POSTs. */
  public Future<Map<Long, String>> activityBodies(Collection<Long> activityIds) {
    return pool.preparedQuery("SELECT id, body::text FROM outbox_activity WHERE id = ANY($1)")
        .execute(Tuple.of(activityIds.toArray(new Long[0])))
        .map(rows -> {
          Map<Long, String> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong(0), r.getString(1)));
          return out;
        });
  }

  /** Many deliveries at once, in one statement: the common case at high rates. */
  public Future<Void> markDelivered(List<Long> ids) {
    return pool.preparedQuery("UPDATE delivery SET state = 'delivered', last_status = 202, last_error = NULL,"
            + " finished_at = now(), locked_until = NULL WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(new Long[0]))).mapEmpty();
  }

  public Future<Void> markDelivered(long id, int status) {
    return pool.preparedQuery("UPDATE delivery SET state = 'delivered', last_status = $2, last_error = NULL,"
            + " finished_at = now(), locked_until = NULL WHERE id = $1")
        .execute(Tuple.of(id, status)).mapEmpty();
  }

  /** Permanently failed: refused by the peer, blocked, or out of attempts. */
  public Future<Void> markFailed(long id, int status, String error) {
    return pool.preparedQuery("UPDATE delivery SET state = 'failed', last_status = $2, last_error = $3,"
            + " finished_at = now(), locked_until = NULL WHERE id = $1")
        .execute(Tuple.of(id, status, error)).mapEmpty();
  }

  public Future<Void> scheduleRetry(long id, int status, String error, Instant at) {
    return pool.preparedQuery("UPDATE delivery SET last_status = $2, last_error = $3, next_attempt_at = $4,"
            + " locked_until = NULL WHERE id = $1")
        .execute(Tuple.of(id, status, error, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))).mapEmpty();
  }

  public Future<Long> countPending() {
    return pool.query("SELECT count(*) FROM delivery WHERE state = 'pending'").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
