package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.torg.federation.vocab.Origin;

/** Received activities: stored once per id, then claimed and processed by inbox workers. */
public final class InboxRepository {

  /** A stored activity claimed for processing. */
  public record QueuedActivity(long id, String activityUri, String actorUri, String type, Long inboxOwner, JsonObject body, int attempts) {}

  private final Pool pool;

  public InboxRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * An activity to store: {@code body} is the JSON text as received. It is one activity per
   * {@code (senderOrigin, activityUri)}: one server's ids never shadow another's (Fedify's
   * per-origin idempotency), so an id another server sent first cannot make the real one "seen".
   *
   * @param senderOrigin the origin of the actor that sent it (see {@link Origin#of})
   */
  public record NewActivity(String senderOrigin, String activityUri, String actorUri, String type, Long inboxOwner, String body) {

    /** The sender's origin taken from the actor's id (its whole id when it has no origin). */
    public NewActivity(String activityUri, String actorUri, String type, Long inboxOwner, String body) {
      this(Origin.of(actorUri).orElse(actorUri), activityUri, actorUri, type, inboxOwner, body);
    }

    /** What makes two activities the same one. */
    public String dedupKey() {
      return dedupKey(senderOrigin, activityUri);
    }

    static String dedupKey(String senderOrigin, String activityUri) {
      return senderOrigin + "\n" + activityUri;
    }
  }

  /**
   * Who holds new rows: unclaimed (for any worker's claim), or claimed by a node for {@code lease},
   * already counted as one attempt, when that node's worker was handed them in memory.
   */
  public record Claim(Integer node, Duration lease) {
    public static final Claim NONE = new Claim(null, Duration.ZERO);
  }

  /** The columns a new row's claim sets: none, or claimed_by, locked_until and attempts. */
  private static final String CLAIM_COLUMNS = ", claimed_by, locked_until, attempts";
  private static final String CLAIM_VALUES = ", $7::int, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $8) END,"
      + " CASE WHEN $7::int IS NULL THEN 0 ELSE 1 END";

  /** Stores the activity unless its sender's origin sent this id before; its row id when this call stored it. */
  public Future<Optional<Long>> insertIfNew(NewActivity activity, Claim claim) {
    // text, then jsonb: a String bound to a jsonb parameter would be stored as a JSON string.
    return pool.preparedQuery("INSERT INTO inbox_activity (sender_origin, activity_uri, actor_uri, type, inbox_owner, body" + CLAIM_COLUMNS + ")"
            + " VALUES ($1, $2, $3, $4, $5, $6::text::jsonb" + CLAIM_VALUES + ") ON CONFLICT (sender_origin, activity_uri) DO NOTHING"
            + " RETURNING id")
        .execute(Tuple.of(activity.senderOrigin(), activity.activityUri(), activity.actorUri(), activity.type(),
            activity.inboxOwner(), activity.body()).addValue(claim.node()).addValue((double) claim.lease().toSeconds()))
        .map(rows -> rows.size() == 1 ? Optional.of(rows.iterator().next().getLong(0)) : Optional.empty());
  }

  /** {@link #insertIfNew(NewActivity, Claim)}, unclaimed; true when this call stored it. */
  public Future<Boolean> insertIfNew(NewActivity activity) {
    return insertIfNew(activity, Claim.NONE).map(Optional::isPresent);
  }

  /**
   * Stores many activities in one statement and one commit, each unless its sender's origin
   * sent its id before; returns the row ids this call stored, by {@link NewActivity#dedupKey()}.
   * The keys must be distinct, and one row PostgreSQL refuses fails them all.
   */
  public Future<Map<String, Long>> insertAllIfNew(List<NewActivity> activities, Claim claim) {
    int n = activities.size();
    String[] origins = new String[n];
    String[] uris = new String[n];
    String[] actors = new String[n];
    String[] types = new String[n];
    Long[] owners = new Long[n];
    String[] bodies = new String[n];
    for (int i = 0; i < n; i++) {
      NewActivity a = activities.get(i);
      origins[i] = a.senderOrigin();
      uris[i] = a.activityUri();
      actors[i] = a.actorUri();
      types[i] = a.type();
      owners[i] = a.inboxOwner();
      bodies[i] = a.body();
    }
    return pool.preparedQuery("INSERT INTO inbox_activity (sender_origin, activity_uri, actor_uri, type, inbox_owner, body" + CLAIM_COLUMNS + ")"
            + " SELECT s, u, a, t, o, b::jsonb" + CLAIM_VALUES
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])"
            + " WITH ORDINALITY AS r (s, u, a, t, o, b, n) ORDER BY n"
            + " ON CONFLICT (sender_origin, activity_uri) DO NOTHING RETURNING id, sender_origin, activity_uri")
        .execute(Tuple.of(origins, uris, actors, types, owners, bodies).addValue(claim.node())
            .addValue((double) claim.lease().toSeconds()))
        .map(rows -> {
          Map<String, Long> stored = new HashMap<>();
          rows.forEach(r -> stored.put(NewActivity.dedupKey(r.getString(1), r.getString(2)), r.getLong(0)));
          return stored;
        });
  }

  /** {@link #insertAllIfNew(List, Claim)}, unclaimed; the keys this call stored. */
  public Future<Set<String>> insertAllIfNew(List<NewActivity> activities) {
    return insertAllIfNew(activities, Claim.NONE).map(Map::keySet);
  }

  /**
   * Claims due activities for one worker of node {@code node}: rows locked by another node's
   * transaction are skipped, and the lease lets another node take a row over if this one dies
   * mid-way, at once when the claiming node's lock is gone ({@link NodeLocks#CLAIMER_GONE}).
   */
  public Future<List<QueuedActivity>> claim(int limit, Duration lease, int node) {
    return pool.preparedQuery("UPDATE inbox_activity SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1,"
            + " claimed_by = $3 WHERE id IN (SELECT id FROM inbox_activity WHERE state = 'queued' AND next_attempt_at <= now()"
            + " AND (locked_until IS NULL OR locked_until < now() OR " + NodeLocks.CLAIMER_GONE + ")"
            + " ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING id, activity_uri, actor_uri, type, inbox_owner, body, attempts")
        .execute(Tuple.of(limit, (double) lease.toSeconds(), node))
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

  /**
   * Many processed activities at once, in one statement and one commit: the worker records a
   * whole batch this way, where one UPDATE (and one WAL flush) per activity cost PostgreSQL more
   * than the handlers themselves.
   */
  public Future<Void> markDone(List<Long> ids, List<String> outcomes) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("UPDATE inbox_activity a SET state = 'done', outcome = d.outcome, processed_at = now(), locked_until = NULL"
            + " FROM unnest($1::bigint[], $2::text[]) AS d (id, outcome) WHERE a.id = d.id")
        .execute(Tuple.tuple().addValue(ids.toArray(new Long[0])).addValue(outcomes.toArray(new String[0]))).mapEmpty();
  }

  /**
   * Handlers failed, many at once: each row is tried again after its {@code retrySeconds}, or
   * given up when that is null.
   */
  public Future<Void> markFailed(List<Long> ids, List<String> errors, List<Double> retrySeconds) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("UPDATE inbox_activity a SET last_error = f.error, locked_until = NULL,"
            + " state = CASE WHEN f.retry IS NULL THEN 'failed' ELSE a.state END,"
            + " processed_at = CASE WHEN f.retry IS NULL THEN now() ELSE a.processed_at END,"
            + " next_attempt_at = CASE WHEN f.retry IS NULL THEN a.next_attempt_at ELSE now() + make_interval(secs => f.retry) END"
            + " FROM unnest($1::bigint[], $2::text[], $3::float8[]) AS f (id, error, retry) WHERE a.id = f.id")
        .execute(Tuple.tuple().addValue(ids.toArray(new Long[0])).addValue(errors.toArray(new String[0]))
            .addValue(retrySeconds.toArray(new Double[0])))
        .mapEmpty();
  }

  public Future<Long> countQueued() {
    return pool.query("SELECT count(*) FROM inbox_activity WHERE state = 'queued'").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
