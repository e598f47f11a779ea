package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;

/** The thread table, and the per-Group listing of threads by latest activity. */
public final class ThreadRepository {

  /** Aliased where an actor column has the same name, for queries that join the root post's author. */
  static final String COLUMNS = "t.id AS t_id, t.uri AS t_uri, t.group_id, t.root_post_id, t.title, t.local AS t_local,"
      + " t.created_at AS t_created_at, t.last_activity_at, t.reply_count";

  /** A line of a Group's thread list. */
  public record Summary(DiscussionThread thread, Actor author) {}

  private final Pool pool;

  public ThreadRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Long> reserveId(SqlClient client) {
    return client.query("SELECT nextval('thread_id_seq')").execute().map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Void> insert(SqlClient tx, long id, String uri, Long groupId, String title, boolean local, Instant at) {
    return tx.preparedQuery("INSERT INTO thread (id, uri, group_id, title, local, created_at, last_activity_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $6)")
        .execute(Tuple.of(id, uri, groupId, title, local, SessionKeyRepository.utc(at))).mapEmpty();
  }

  public Future<Void> setRoot(SqlClient tx, long threadId, long postId) {
    return tx.preparedQuery("UPDATE thread SET root_post_id = $2 WHERE id = $1").execute(Tuple.of(threadId, postId)).mapEmpty();
  }

  /** A reply arrived (+1) or went (-1). */
  public Future<Void> countReply(SqlClient tx, long threadId, int delta, Instant at) {
    return tx.preparedQuery("UPDATE thread SET reply_count = greatest(0, reply_count + $2),"
            + " last_activity_at = CASE WHEN $2 > 0 THEN greatest(last_activity_at, $3) ELSE last_activity_at END WHERE id = $1")
        .execute(Tuple.of(threadId, delta, SessionKeyRepository.utc(at))).mapEmpty();
  }

  public Future<Void> retitle(SqlClient tx, long threadId, String title) {
    return tx.preparedQuery("UPDATE thread SET title = $2 WHERE id = $1").execute(Tuple.of(threadId, title)).mapEmpty();
  }

  public Future<Optional<DiscussionThread>> findById(long id) {
    return one(pool, "SELECT " + COLUMNS + " FROM thread t WHERE t.id = $1", Tuple.of(id));
  }

  public Future<Optional<DiscussionThread>> findById(SqlClient client, long id) {
    return one(client, "SELECT " + COLUMNS + " FROM thread t WHERE t.id = $1", Tuple.of(id));
  }

  /** A thread's version (bumped by every change to its posts) and whether it is Torg's own: one index lookup. */
  public record Version(long version, boolean local) {}

  public Future<Optional<Version>> version(long id) {
    return pool.preparedQuery("SELECT version, local FROM thread WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new Version(rows.iterator().next().getLong(0), rows.iterator().next().getBoolean(1))));
  }

  public Future<Optional<DiscussionThread>> findByUri(String uri) {
    return one(pool, "SELECT " + COLUMNS + " FROM thread t WHERE t.uri = $1", Tuple.of(uri));
  }

  /**
   * A Group's threads, latest activity first, after a cursor (the last line's activity time and
   * id: stable while new replies reorder the list).
   */
  public Future<List<Summary>> ofGroup(long groupId, Instant beforeActivity, long beforeId, int limit) {
    return pool.preparedQuery("SELECT " + COLUMNS + ", " + ActorRepository.columns("act") + " FROM thread t"
            + " JOIN post p ON p.id = t.root_post_id JOIN actor act ON act.id = p.author_id"
            + " WHERE t.group_id = $1 AND p.deleted_at IS NULL AND (t.last_activity_at, t.id) < ($2, $3)"
            + " ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $4")
        .execute(Tuple.of(groupId, SessionKeyRepository.utc(beforeActivity), beforeId, limit))
        .map(rows -> {
          List<Summary> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Summary(toThread(r), ActorRepository.toActor(r))));
          return out;
        });
  }

  public Future<Long> countOfGroup(long groupId) {
    return pool.preparedQuery("SELECT count(*) FROM thread t JOIN post p ON p.id = t.root_post_id"
            + " WHERE t.group_id = $1 AND p.deleted_at IS NULL")
        .execute(Tuple.of(groupId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** The thread's own reply policy; empty: its Group's applies. */
  public Future<Optional<org.torg.server.model.ReplyPolicy>> replyPolicyOf(long threadId) {
    return pool.preparedQuery("SELECT reply_policy FROM thread WHERE id = $1").execute(Tuple.of(threadId))
        .map(rows -> rows.size() == 0 || rows.iterator().next().getString(0) == null ? Optional.empty()
            : org.torg.server.model.ReplyPolicy.fromWire(rows.iterator().next().getString(0)));
  }

  /** Sets (or with null, clears) the thread's own reply policy. */
  public Future<Void> setReplyPolicy(SqlClient tx, long threadId, org.torg.server.model.ReplyPolicy policy) {
    return tx.preparedQuery("UPDATE thread SET reply_policy = $2 WHERE id = $1")
        .execute(Tuple.of(threadId, policy == null ? null : policy.wire())).mapEmpty();
  }

  private static Future<Optional<DiscussionThread>> one(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(toThread(rows.iterator().next())));
  }

  static DiscussionThread toThread(Row r) {
    return new DiscussionThread(r.getLong(0), r.getString(1), Optional.ofNullable(r.getLong(2)),
        Optional.ofNullable(r.getLong(3)), r.getString(4), r.getBoolean(5), r.getOffsetDateTime(6).toInstant(),
        r.getOffsetDateTime(7).toInstant(), r.getInteger(8));
  }
}
