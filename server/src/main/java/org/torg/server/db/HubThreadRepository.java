package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The hub_thread table and the follow's reshare setting: what a hub received from its branches and re-shared. */
public final class HubThreadRepository {

  /** Which of a followed Group's threads the hub re-shares. */
  public enum Mode { all, picked }

  /** A local Group that follows a branch, and how it re-shares the branch's threads. */
  public record Hub(long hubId, Mode mode) {}

  /** A branch's thread as the hub's page lists it. */
  public record HubThread(long threadId, String rootUri, String pageUrl, String title, Instant lastActivityAt, int replyCount,
      String branchName, String branchHost, String branchUrl, boolean reshared) {}

  private final Pool pool;

  public HubThreadRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** The local Groups whose accepted follow of {@code branchId} makes them its hubs. */
  public Future<List<Hub>> hubsOf(long branchId) {
    return pool.preparedQuery("SELECT f.follower_id, f.reshare FROM follow f JOIN actor a ON a.id = f.follower_id"
            + " WHERE f.followee_id = $1 AND f.state = 'accepted' AND a.local AND a.type = 'Group' AND a.deleted_at IS NULL")
        .execute(Tuple.of(branchId))
        .map(rows -> {
          List<Hub> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Hub(r.getLong(0), Mode.valueOf(r.getString(1)))));
          return out;
        });
  }

  /** Sets how the hub re-shares a Group it follows; false when it does not follow it. */
  public Future<Boolean> setMode(long hubId, long branchId, Mode mode) {
    return pool.preparedQuery("UPDATE follow SET reshare = $3 WHERE follower_id = $1 AND followee_id = $2")
        .execute(Tuple.of(hubId, branchId, mode.name()))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Remembers a thread the hub received from a branch; false when it had it already (from this or
   * another branch). {@code hostsIt}: the branch is on the thread's own server, so the thread is
   * its own; it then replaces a branch that merely passed the thread on first (a loop's race).
   */
  public Future<Boolean> remember(SqlClient client, long hubId, long branchId, String rootUri, long rootPostId, boolean hostsIt) {
    // xmax = 0 only on a row this statement inserted: an updated (or untouched) row was known before.
    return client.preparedQuery("INSERT INTO hub_thread (hub_id, branch_id, root_uri, root_post_id) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT (hub_id, root_uri) DO UPDATE SET branch_id = EXCLUDED.branch_id WHERE $5"
            + " RETURNING xmax = 0")
        .execute(Tuple.of(hubId, branchId, rootUri, rootPostId, hostsIt))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
  }

  /** Marks a remembered thread re-shared by {@code announce}; false when it is unknown to the hub or was re-shared already. */
  public Future<Boolean> markReshared(SqlClient client, long hubId, String rootUri, JsonObject announce) {
    return client.preparedQuery("UPDATE hub_thread SET reshared_at = now(), announce = $3 WHERE hub_id = $1 AND root_uri = $2"
            + " AND reshared_at IS NULL")
        .execute(Tuple.of(hubId, rootUri, announce))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Takes a re-share back: the Announce that was sent, or empty when the thread was not re-shared. */
  public Future<Optional<JsonObject>> unmarkReshared(SqlClient client, long hubId, String rootUri) {
    return client.preparedQuery("UPDATE hub_thread h SET reshared_at = NULL, announce = NULL FROM hub_thread old"
            + " WHERE h.id = old.id AND h.hub_id = $1 AND h.root_uri = $2 AND h.reshared_at IS NOT NULL RETURNING old.announce")
        .execute(Tuple.of(hubId, rootUri))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.ofNullable((JsonObject) rows.iterator().next().getValue(0)));
  }

  /** Whether the hub has received this thread from one of its branches. */
  public Future<Optional<Boolean>> resharedState(long hubId, String rootUri) {
    return pool.preparedQuery("SELECT reshared_at IS NOT NULL FROM hub_thread WHERE hub_id = $1 AND root_uri = $2")
        .execute(Tuple.of(hubId, rootUri))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getBoolean(0)));
  }

  /** The threads of all the hub's branches, latest activity first. */
  public Future<List<HubThread>> threadsOf(long hubId, int limit) {
    return pool.preparedQuery("SELECT ht.root_uri, coalesce(p.url, p.uri), t.title, t.last_activity_at, t.reply_count,"
            + " b.username, b.host, coalesce(b.url, b.uri), ht.reshared_at IS NOT NULL, t.id"
            + " FROM hub_thread ht JOIN post p ON p.id = ht.root_post_id JOIN thread t ON t.id = p.thread_id"
            + " JOIN actor b ON b.id = ht.branch_id"
            + " WHERE ht.hub_id = $1 AND p.deleted_at IS NULL ORDER BY t.last_activity_at DESC, ht.id DESC LIMIT $2")
        .execute(Tuple.of(hubId, limit))
        .map(rows -> {
          List<HubThread> out = new ArrayList<>();
          rows.forEach(r -> out.add(new HubThread(r.getLong(9), r.getString(0), r.getString(1), r.getString(2),
              r.getOffsetDateTime(3).toInstant(), r.getInteger(4), r.getString(5), r.getString(6), r.getString(7),
              r.getBoolean(8))));
          return out;
        });
  }
}
