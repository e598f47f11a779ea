package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The follow table: who follows whom, pending or accepted. */
public final class FollowRepository {

  public enum State { pending, accepted }

  public record Follow(long id, long followerId, long followeeId, State state, String activityUri, JsonObject activity) {}

  private final Pool pool;

  public FollowRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /**
   * Records a follow, or refreshes the activity of an existing one (a repeated Follow is
   * idempotent: Mastodon re-sends them, M#12133). An accepted follow stays accepted.
   */
  public Future<Follow> upsert(SqlClient client, long followerId, long followeeId, State state, String activityUri, JsonObject activity) {
    return client.preparedQuery("INSERT INTO follow (follower_id, followee_id, state, activity_uri, activity, accepted_at)"
            + " VALUES ($1, $2, $3, $4, $5, CASE WHEN $3 = 'accepted' THEN now() END)"
            + " ON CONFLICT (follower_id, followee_id) DO UPDATE SET activity_uri = EXCLUDED.activity_uri,"
            + " activity = EXCLUDED.activity,"
            + " state = CASE WHEN follow.state = 'accepted' THEN 'accepted' ELSE EXCLUDED.state END,"
            + " accepted_at = coalesce(follow.accepted_at, EXCLUDED.accepted_at)"
            + " RETURNING id, follower_id, followee_id, state, activity_uri, activity")
        .execute(Tuple.of(followerId, followeeId, state.name(), activityUri, activity))
        .map(rows -> toFollow(rows.iterator().next()));
  }

  public Future<Optional<Follow>> find(long followerId, long followeeId) {
    return pool.preparedQuery("SELECT id, follower_id, followee_id, state, activity_uri, activity FROM follow"
            + " WHERE follower_id = $1 AND followee_id = $2")
        .execute(Tuple.of(followerId, followeeId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toFollow(rows.iterator().next())));
  }

  public Future<Optional<Follow>> findById(long id) {
    return pool.preparedQuery("SELECT id, follower_id, followee_id, state, activity_uri, activity FROM follow WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toFollow(rows.iterator().next())));
  }

  public Future<Optional<Follow>> findByActivityUri(String activityUri) {
    return pool.preparedQuery("SELECT id, follower_id, followee_id, state, activity_uri, activity FROM follow WHERE activity_uri = $1")
        .execute(Tuple.of(activityUri))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toFollow(rows.iterator().next())));
  }

  public Future<Boolean> accept(long followerId, long followeeId) {
    return pool.preparedQuery("UPDATE follow SET state = 'accepted', accepted_at = coalesce(accepted_at, now())"
            + " WHERE follower_id = $1 AND followee_id = $2")
        .execute(Tuple.of(followerId, followeeId)).map(r -> r.rowCount() > 0);
  }

  public Future<Boolean> delete(SqlClient client, long followerId, long followeeId) {
    return client.preparedQuery("DELETE FROM follow WHERE follower_id = $1 AND followee_id = $2")
        .execute(Tuple.of(followerId, followeeId)).map(r -> r.rowCount() > 0);
  }

  /** The distinct inboxes of the remote actors an actor follows or asked to follow. */
  public Future<List<String>> remoteFollowingInboxes(SqlClient client, long actorId) {
    return client.preparedQuery("SELECT DISTINCT coalesce(nullif(a.shared_inbox, ''), a.inbox) AS inbox"
            + " FROM follow f JOIN actor a ON a.id = f.followee_id"
            + " WHERE f.follower_id = $1 AND NOT a.local AND a.deleted_at IS NULL")
        .execute(Tuple.of(actorId))
        .map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString("inbox")));
          return out;
        });
  }

  /** In the caller's transaction: removes every follow from or to an actor. */
  public Future<Integer> deleteAllOf(SqlClient client, long actorId) {
    return client.preparedQuery("DELETE FROM follow WHERE follower_id = $1 OR followee_id = $1")
        .execute(Tuple.of(actorId)).map(r -> r.rowCount());
  }

  /** Whether any actor of this instance follows {@code actorId} (its posts are then wanted here). */
  public Future<Boolean> hasLocalFollower(long actorId) {
    return pool.preparedQuery("SELECT 1 FROM follow f JOIN actor a ON a.id = f.follower_id"
            + " WHERE f.followee_id = $1 AND f.state = 'accepted' AND a.local LIMIT 1")
        .execute(Tuple.of(actorId)).map(rows -> rows.size() > 0);
  }

  /** Whether {@code followerId} follows {@code followeeId}, accepted. */
  public Future<Boolean> isFollowing(long followerId, long followeeId) {
    return pool.preparedQuery("SELECT 1 FROM follow WHERE follower_id = $1 AND followee_id = $2 AND state = 'accepted'")
        .execute(Tuple.of(followerId, followeeId)).map(rows -> rows.size() > 0);
  }

  /** Removes every follow from or to an actor (it was deleted). */
  public Future<Integer> deleteAllOf(long actorId) {
    return pool.preparedQuery("DELETE FROM follow WHERE follower_id = $1 OR followee_id = $1")
        .execute(Tuple.of(actorId)).map(r -> r.rowCount());
  }

  public Future<Long> countFollowers(long actorId) {
    return count("SELECT count(*) FROM follow WHERE followee_id = $1 AND state = 'accepted'", actorId);
  }

  public Future<Long> countFollowing(long actorId) {
    return count("SELECT count(*) FROM follow WHERE follower_id = $1 AND state = 'accepted'", actorId);
  }

  /** Accepted followers' actor ids, newest first. */
  public Future<List<String>> followerUris(long actorId, int limit, int offset) {
    return uris("SELECT a.uri FROM follow f JOIN actor a ON a.id = f.follower_id WHERE f.followee_id = $1"
        + " AND f.state = 'accepted' ORDER BY f.id DESC LIMIT $2 OFFSET $3", actorId, limit, offset);
  }

  public Future<List<String>> followingUris(long actorId, int limit, int offset) {
    return uris("SELECT a.uri FROM follow f JOIN actor a ON a.id = f.followee_id WHERE f.follower_id = $1"
        + " AND f.state = 'accepted' ORDER BY f.id DESC LIMIT $2 OFFSET $3", actorId, limit, offset);
  }

  /** The distinct inboxes (shared where there is one) of an actor's remote accepted followers. */
  public Future<List<String>> remoteFollowerInboxes(SqlClient client, long actorId) {
    return client.preparedQuery("SELECT DISTINCT coalesce(nullif(a.shared_inbox, ''), a.inbox) AS inbox"
            + " FROM follow f JOIN actor a ON a.id = f.follower_id"
            + " WHERE f.followee_id = $1 AND f.state = 'accepted' AND NOT a.local AND a.deleted_at IS NULL")
        .execute(Tuple.of(actorId))
        .map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString("inbox")));
          return out;
        });
  }

  private Future<Long> count(String sql, long actorId) {
    return pool.preparedQuery(sql).execute(Tuple.of(actorId)).map(rows -> rows.iterator().next().getLong(0));
  }

  private Future<List<String>> uris(String sql, long actorId, int limit, int offset) {
    return pool.preparedQuery(sql).execute(Tuple.of(actorId, limit, offset)).map(rows -> {
      List<String> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getString(0)));
      return out;
    });
  }

  private static Follow toFollow(Row r) {
    Object activity = r.getValue("activity");
    return new Follow(r.getLong("id"), r.getLong("follower_id"), r.getLong("followee_id"),
        State.valueOf(r.getString("state")), r.getString("activity_uri"),
        activity instanceof JsonObject json ? json : null);
  }
}
