package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Received activities: stored once per id, then claimed and processed by inbox workers. */
public final class InboxRepository {

  /** A stored activity claimed for processing. */
  public record QueuedActivity(long id, String activityUri, String actorUri, String type, Long inboxOwner, JsonObject body, int attempts) {}

  private final Pool pool;

  public InboxRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores the activity unless its id was stored before; true when this call stored it. */
  public Future<Boolean> insertIfNew(String activityUri, String actorUri, String type, Long inboxOwner, JsonObject body) {
    return pool.preparedQuery("INSERT INTO inbox_activity (activity_uri, actor_uri, type, inbox_owner, body)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (activity_uri) DO NOTHING")
        .execute(Tuple.of(activityUri, actorUri, type, inboxOwner, body))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Claims due activities for one worker: rows locked by another node's transaction are
   * skipped, and the lease lets another node take a row over if this one dies mid-way.
   */
  public Future<List<QueuedActivity>> claim(int limit, Duration lease) {
    return pool.preparedQuery("UPDATE inbox_activity SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1"
            + " WHERE id IN (SELECT id FROM inbox_activity WHERE state = 'queued' AND next_attempt_at <= now()"
            + " AND (locked_until IS NULL OR locked_until < now()) ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING id, activity_uri, actor_uri, type, inbox_owner, body, attempts")
        .execute(Tuple.of(limit, (double) lease.toSeconds()))
        .map(rows -> {
          List<QueuedActivity> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new QueuedActivity(r.getLong("id"), r.getString("activity_uri"), r.getString("actor_uri"),
                r.getString("type"), r.getLong("inbox_owner"), (JsonObject) r.getValue("body"), r.getInteger("attempts")));
          }
          out.sort((a, b) -> Long.compare(a.id(), b.id()));
          return out;
        });
  }

  public Future<Void> markDone(long id, String outcome) {
    return pool.preparedQuery("UPDATE inbox_activity SET state = 'done', outcome = $2, processed_at = now(), locked_until = NULL WHERE id = $1")
        .execute(Tuple.of(id, outcome)).mapEmpty();
  }

  /** A handler failed: try again after {@code retryIn}, or give up when {@code retryIn} is null. */
  public Future<Void> markFailed(long id, String error, Duration retryIn) {
    return retryIn == null
        ? pool.preparedQuery("UPDATE inbox_activity SET state = 'failed', last_error = $2, processed_at = now(), locked_until = NULL WHERE id = $1")
            .execute(Tuple.of(id, error)).mapEmpty()
        : pool.preparedQuery("UPDATE inbox_activity SET last_error = $2, locked_until = NULL,"
                + " next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1")
            .execute(Tuple.of(id, error, (double) retryIn.toSeconds())).mapEmpty();
  }

  public Future<Long> countQueued() {
    return pool.query("SELECT count(*) FROM inbox_activity WHERE state = 'queued'").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
