package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.Post;

/** The post table (always read with its author), its edit history and its likes and shares. */
public final class PostRepository {

  static final String SELECT = "SELECT " + ActorRepository.columns("act") + ", p.id AS post_id, p.uri AS post_uri,"
      + " p.url AS post_url, p.thread_id, p.parent_id, p.in_reply_to_uri, p.local AS post_local, p.name, p.summary AS post_summary,"
      + " p.content, p.source, p.language, p.sensitive, p.tags, p.published AS post_published, p.edited_at,"
      + " p.deleted_at AS post_deleted_at, p.like_count, p.share_count, p.stance, "
      + MediaRepository.OF_POST + " AS attachments FROM post p JOIN actor act ON act.id = p.author_id";

  /** What a new post is made of; {@code id} comes from {@link #reserveId}. */
  public record NewPost(long id, String uri, String url, long threadId, Long parentId, String inReplyToUri, long authorId,
      boolean local, String name, String summary, String content, String source, String language, boolean sensitive,
      JsonArray tags, Instant published) {}

  /** A post's new text (an edit). */
  public record Revision(String name, String summary, String content, String source, JsonArray tags, Instant editedAt) {}

  public enum Reaction { like, share }

  private final Pool pool;

  public PostRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** A post id before the insert, so a local post's ActivityPub id can carry it. */
  public Future<Long> reserveId(SqlClient client) {
    return client.query("SELECT nextval('post_id_seq')").execute().map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Void> insert(SqlClient tx, NewPost p) {
    return tx.preparedQuery("INSERT INTO post (id, uri, url, thread_id, parent_id, in_reply_to_uri, author_id, local, name,"
            + " summary, content, source, language, sensitive, tags, published)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)")
        .execute(Tuple.from(new Object[] {p.id(), p.uri(), p.url(), p.threadId(), p.parentId(), p.inReplyToUri(), p.authorId(),
            p.local(), p.name(), p.summary(), p.content(), p.source(), p.language(), p.sensitive(), p.tags(),
            SessionKeyRepository.utc(p.published())}))
        .mapEmpty();
  }

  public Future<Optional<Post>> findById(long id) {
    return one(pool, SELECT + " WHERE p.id = $1", Tuple.of(id));
  }

  public Future<Optional<Post>> findById(SqlClient client, long id) {
    return one(client, SELECT + " WHERE p.id = $1", Tuple.of(id));
  }

  public Future<Optional<Post>> findByUri(String uri) {
    return one(pool, SELECT + " WHERE p.uri = $1", Tuple.of(uri));
  }

  /** Which of these ids are stored here already (deleted posts included). */
  public Future<java.util.Set<String>> storedAmong(List<String> uris) {
    return pool.preparedQuery("SELECT uri FROM post WHERE uri = ANY($1)").execute(Tuple.of(uris.toArray(String[]::new)))
        .map(rows -> {
          java.util.Set<String> out = new java.util.HashSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** Every post of a thread, deleted ones included (they may hold replies), in the order they were stored. */
  public Future<List<Post>> ofThread(long threadId) {
    return many(pool.preparedQuery(SELECT + " WHERE p.thread_id = $1 ORDER BY p.id").execute(Tuple.of(threadId)));
  }

  /** A thread's posts that are not deleted, root first, for its context collection. */
  public Future<List<String>> uris(long threadId, int limit, int offset) {
    return pool.preparedQuery("SELECT uri FROM post WHERE thread_id = $1 AND deleted_at IS NULL"
            + " ORDER BY (parent_id IS NOT NULL), id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(threadId, limit, offset))
        .map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** Posts written here and not deleted: NodeInfo's usage.localPosts. */
  public Future<Long> countLocalLive() {
    return pool.query("SELECT count(*) FROM post WHERE local AND deleted_at IS NULL").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Long> countLive(long threadId) {
    return pool.preparedQuery("SELECT count(*) FROM post WHERE thread_id = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(threadId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Direct replies of a post that are not deleted, oldest first: its replies collection. */
  public Future<List<String>> replyUris(long postId, int limit, int offset) {
    return pool.preparedQuery("SELECT uri FROM post WHERE parent_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(postId, limit, offset))
        .map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  public Future<Long> countReplies(long postId) {
    return pool.preparedQuery("SELECT count(*) FROM post WHERE parent_id = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(postId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Stores an edit: the old text goes to the history, the new one replaces it. */
  public Future<Void> revise(SqlClient tx, long postId, Revision r) {
    return tx.preparedQuery("INSERT INTO post_edit (post_id, name, summary, content, source)"
            + " SELECT id, name, summary, content, source FROM post WHERE id = $1")
        .execute(Tuple.of(postId))
        .compose(v -> tx.preparedQuery("UPDATE post SET name = $2, summary = $3, content = $4, source = $5, tags = $6,"
                + " edited_at = $7 WHERE id = $1")
            .execute(Tuple.of(postId, r.name(), r.summary(), r.content(), r.source(), r.tags(),
                SessionKeyRepository.utc(r.editedAt()))))
        .mapEmpty();
  }

  /** How many earlier versions a post has. */
  public Future<Long> countEdits(long postId) {
    return pool.preparedQuery("SELECT count(*) FROM post_edit WHERE post_id = $1").execute(Tuple.of(postId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** A deleted post keeps its row (replies hang on it) but loses its text. Returns false when it already was deleted. */
  public Future<Boolean> markDeleted(SqlClient tx, long postId) {
    return tx.preparedQuery("UPDATE post SET deleted_at = now(), content = '', source = NULL, name = NULL, summary = NULL,"
            + " tags = '[]' WHERE id = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(postId)).map(r -> r.rowCount() == 1);
  }

  /** Every post of an author becomes a tombstone (a closed account); thread reply counts follow. Returns how many. */
  public Future<Integer> markAllDeletedBy(SqlClient tx, long authorId) {
    return tx.preparedQuery("WITH gone AS (UPDATE post SET deleted_at = now(), content = '', source = NULL, name = NULL,"
            + " summary = NULL, tags = '[]' WHERE author_id = $1 AND deleted_at IS NULL RETURNING thread_id, parent_id),"
            + " counted AS (UPDATE thread t SET reply_count = greatest(0, t.reply_count - c.n)"
            + " FROM (SELECT thread_id, count(*) AS n FROM gone WHERE parent_id IS NOT NULL GROUP BY thread_id) c"
            + " WHERE t.id = c.thread_id) SELECT count(*) FROM gone")
        .execute(Tuple.of(authorId)).map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Whether the author has a post in any thread of the Group: pre-moderation holds only newcomers' posts. */
  public Future<Boolean> hasPostInGroup(long authorId, long groupId) {
    return pool.preparedQuery("SELECT 1 FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.author_id = $1 AND t.group_id = $2"
            + " LIMIT 1").execute(Tuple.of(authorId, groupId)).map(rows -> rows.size() > 0);
  }

  /** Records a like or share; false when that actor already had one (a repeat is a no-op). */
  public Future<Boolean> addReaction(SqlClient tx, long postId, long actorId, Reaction kind, String activityUri) {
    return tx.preparedQuery("INSERT INTO post_reaction (post_id, actor_id, kind, activity_uri) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(postId, actorId, kind.name(), activityUri))
        .compose(r -> r.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery("UPDATE post SET " + counter(kind) + " = " + counter(kind) + " + 1 WHERE id = $1")
                .execute(Tuple.of(postId)).map(true));
  }

  /** Removes an actor's like or share; returns the activity id it had, when there was one. */
  public Future<Optional<String>> removeReaction(SqlClient tx, long postId, long actorId, Reaction kind) {
    return tx.preparedQuery("DELETE FROM post_reaction WHERE post_id = $1 AND actor_id = $2 AND kind = $3 RETURNING activity_uri")
        .execute(Tuple.of(postId, actorId, kind.name()))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<String>empty())
            : tx.preparedQuery("UPDATE post SET " + counter(kind) + " = greatest(0, " + counter(kind) + " - 1) WHERE id = $1")
                .execute(Tuple.of(postId)).map(Optional.of(rows.iterator().next().getString(0))));
  }

  /** The reaction an activity made, for an Undo: (post id, actor id, kind). */
  public Future<Optional<long[]>> reactionByActivity(String activityUri) {
    return pool.preparedQuery("SELECT post_id, actor_id, kind FROM post_reaction WHERE activity_uri = $1")
        .execute(Tuple.of(activityUri))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new long[] {r.getLong(0), r.getLong(1), Reaction.valueOf(r.getString(2)).ordinal()});
        });
  }

  /** Remote replies stored before their parent arrived, waiting to be attached to it. */
  public Future<Integer> adoptOrphans(SqlClient tx, long parentId, String parentUri, long threadId) {
    return tx.preparedQuery("UPDATE post SET parent_id = $1, thread_id = $3 WHERE parent_id IS NULL AND in_reply_to_uri = $2"
            + " AND id <> $1")
        .execute(Tuple.of(parentId, parentUri, threadId)).map(r -> r.rowCount());
  }

  /** A reply's stance in a consultation (for, against, amendment; null: none). */
  public Future<Void> setStance(SqlClient tx, long postId, String stance) {
    return tx.preparedQuery("UPDATE post SET stance = $2 WHERE id = $1").execute(Tuple.of(postId, stance)).mapEmpty();
  }

  private static String counter(Reaction kind) {
    return kind == Reaction.like ? "like_count" : "share_count";
  }

  private static Future<Optional<Post>> one(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(toPost(rows.iterator().next())));
  }

  private static Future<List<Post>> many(Future<RowSet<Row>> rows) {
    return rows.map(set -> {
      List<Post> out = new ArrayList<>();
      set.forEach(r -> out.add(toPost(r)));
      return out;
    });
  }

  static Post toPost(Row r) {
    OffsetDateTime edited = r.getOffsetDateTime("edited_at");
    OffsetDateTime deleted = r.getOffsetDateTime("post_deleted_at");
    Object tags = r.getValue("tags");
    return new Post(r.getLong("post_id"), r.getString("post_uri"), r.getString("post_url"), r.getLong("thread_id"),
        Optional.ofNullable(r.getLong("parent_id")), r.getString("in_reply_to_uri"), ActorRepository.toActor(r),
        r.getBoolean("post_local"), r.getString("name"), r.getString("post_summary"), r.getString("content"),
        r.getString("source"), r.getString("language"), r.getBoolean("sensitive"),
        tags instanceof JsonArray array ? array : new JsonArray(),
        r.getOffsetDateTime("post_published").toInstant(),
        Optional.ofNullable(edited).map(OffsetDateTime::toInstant), Optional.ofNullable(deleted).map(OffsetDateTime::toInstant),
        r.getInteger("like_count"), r.getInteger("share_count"), r.getString("stance"),
        MediaRepository.fromJson(r.getValue("attachments")));
  }
}
