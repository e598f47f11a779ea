package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;

/**
 * Full-text search over posts (V20__search.sql: each post's words stemmed by its language's
 * configuration) and name search over actors, showing only what a reader may read: no deleted or
 * removed post, nothing by a suspended actor or server or an account that is not active, and
 * nothing of a Group the reader is banned from.
 */
public final class SearchRepository {

  /** Around each matched word in a snippet: characters no post keeps, turned into marks by the caller. */
  public static final char MARK_START = '\u0002';
  public static final char MARK_END = '\u0003';

  /** The actor {@code act} is not deleted, suspended, under a suspended server, or an account that is not active. */
  private static final String ACTOR_VISIBLE = " AND act.deleted_at IS NULL"
      + " AND NOT EXISTS (SELECT 1 FROM actor_sanction s WHERE s.actor_id = act.id AND s.level = 'suspend')"
      + " AND NOT EXISTS (SELECT 1 FROM domain_block d WHERE d.domain = act.host AND d.severity = 'suspend')"
      + " AND NOT EXISTS (SELECT 1 FROM account ac WHERE ac.actor_id = act.id AND ac.state <> 'active')";

  /** $2: the reader's actor id, or null for a signed-out reader; {@code t} is the post's thread. */
  private static final String GROUP_VISIBLE =
      " AND (t.group_id IS NULL OR NOT EXISTS (SELECT 1 FROM actor_sanction s WHERE s.actor_id = t.group_id AND s.level = 'suspend'))"
      + " AND ($2::bigint IS NULL OR t.group_id IS NULL"
      + " OR NOT EXISTS (SELECT 1 FROM group_ban b WHERE b.group_id = t.group_id AND b.actor_id = $2::bigint))";

  /** A post {@code p} the reader ($2) may read; {@code act} is its author, {@code t} its thread. */
  private static final String READABLE = " AND p.deleted_at IS NULL" + ACTOR_VISIBLE + GROUP_VISIBLE;

  /** An actor found by name: visible, and not an account still awaiting approval. */
  private static final String ACTOR_READABLE = ACTOR_VISIBLE + " AND NOT act.awaiting_approval";

  /**
   * The best candidates of a scope (SearchScopes.RANKED) that the reader may read, as {@code visible}:
   * the ranked rows {@code r} with their author {@code act} and thread {@code t}.
   */
  private static final String VISIBLE = " visible AS (SELECT r.* FROM ranked r JOIN actor act ON act.id = r.author_id"
      + " JOIN thread t ON t.id = r.thread_id WHERE r.deleted_at IS NULL" + ACTOR_VISIBLE + GROUP_VISIBLE + ")";

  /** Up to two fragments around the matched words; a post with a content warning shows the warning, not what it hides. */
  private static final String SNIPPET = "ts_headline(p.search_config,"
      + " torg_html_text(CASE WHEN coalesce(p.summary, '') <> '' THEN p.summary ELSE p.content END),"
      + " best.tsq, 'StartSel=" + MARK_START + ", StopSel=" + MARK_END
      + ", MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"')";

  private static final String THREAD_COLUMNS = ", t.title AS thread_title, t.uri AS thread_uri, t.last_activity_at AS thread_activity,"
      + " t.reply_count AS thread_replies, g.username AS group_name, g.host AS group_host";

  /** A post that matched: where it sits, and the words around what matched. */
  public record PostHit(Post post, String threadTitle, String threadUri, Optional<String> groupName, Optional<String> groupHost,
      String snippet, double rank) {}

  /** A thread with at least one post that matched; {@code post} is the best of them. */
  public record ThreadHit(long threadId, String title, String uri, Optional<String> groupName, Optional<String> groupHost,
      Instant lastActivity, int replies, long postId, String snippet, double rank) {}

  private final Pool pool;

  public SearchRepository(Pool pool) {
    this.pool = pool;
  }

  /** The configuration posts without a language are stemmed by from now on (search.default_language). */
  public Future<Void> useDefaultConfiguration(String configuration) {
    return pool.preparedQuery("UPDATE search_setting SET default_config = $1::regconfig WHERE default_config <> $1::regconfig")
        .execute(Tuple.of(configuration)).mapEmpty();
  }

  public Future<List<PostHit>> posts(String query, Long readerActorId, int limit, int offset) {
    String sql = "WITH " + SearchScopes.RANKED + "," + VISIBLE + ","
        + " best AS (SELECT * FROM visible ORDER BY rank DESC, id DESC LIMIT $3 OFFSET $4) "
        + PostRepository.SELECT.substring(0, PostRepository.SELECT.indexOf(" FROM post p")) + THREAD_COLUMNS
        + ", best.rank, best.candidates, best.newest, " + SNIPPET + " AS snippet FROM best JOIN post p ON p.id = best.id"
        + " JOIN actor act ON act.id = p.author_id JOIN thread t ON t.id = p.thread_id LEFT JOIN actor g ON g.id = t.group_id"
        + " ORDER BY best.rank DESC, p.id DESC";
    return SearchScopes.run(pool, sql, query, readerActorId, limit, offset, 2 * (offset + limit) + 20,
        r -> new PostHit(PostRepository.toPost(r), r.getString("thread_title"), r.getString("thread_uri"),
            Optional.ofNullable(r.getString("group_name")), Optional.ofNullable(r.getString("group_host")),
            r.getString("snippet"), r.getDouble("rank")));
  }

  /**
   * Threads ranked by their best readable post (then by its id, as candidates are cut: see
   * SearchScopes); a thread's many matching posts use up candidates, so more are checked at first.
   */
  public Future<List<ThreadHit>> threads(String query, Long readerActorId, int limit, int offset) {
    String sql = "WITH " + SearchScopes.RANKED + "," + VISIBLE + ","
        + " matched AS (SELECT DISTINCT ON (thread_id) * FROM visible ORDER BY thread_id, rank DESC, id DESC),"
        + " best AS (SELECT * FROM matched ORDER BY rank DESC, id DESC LIMIT $3 OFFSET $4)"
        + " SELECT p.id AS post_id, best.rank, best.candidates, best.newest" + THREAD_COLUMNS + ", t.id AS thread_id, " + SNIPPET + " AS snippet"
        + " FROM best JOIN post p ON p.id = best.id JOIN thread t ON t.id = best.thread_id LEFT JOIN actor g ON g.id = t.group_id"
        + " ORDER BY best.rank DESC, p.id DESC";
    return SearchScopes.run(pool, sql, query, readerActorId, limit, offset, 4 * (offset + limit) + 40,
        r -> new ThreadHit(r.getLong("thread_id"), r.getString("thread_title"), r.getString("thread_uri"),
            Optional.ofNullable(r.getString("group_name")), Optional.ofNullable(r.getString("group_host")),
            r.getOffsetDateTime("thread_activity").toInstant(), r.getInteger("thread_replies"), r.getLong("post_id"),
            r.getString("snippet"), r.getDouble("rank")));
  }

  /** Whether a reader may see this post (a handle or URL in the search box named it). */
  public Future<Boolean> readablePost(long postId, Long readerActorId) {
    return pool.preparedQuery("SELECT 1 FROM post p JOIN actor act ON act.id = p.author_id JOIN thread t ON t.id = p.thread_id"
            + " WHERE p.id = $1" + READABLE)
        .execute(Tuple.of(postId, readerActorId)).map(rows -> rows.size() > 0);
  }

  /** Whether anyone may see this actor: not deleted, suspended, under a suspended server or an inactive account. */
  public Future<Boolean> readableActor(long actorId) {
    return pool.preparedQuery("SELECT 1 FROM actor act WHERE act.id = $1" + ACTOR_READABLE).execute(Tuple.of(actorId))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Groups ({@code groups}) or everyone else whose name, handle or display name holds the words:
   * an exact name first, then names that begin with them, this server's before others'.
   */
  public Future<List<Actor>> actors(boolean groups, String query, int limit, int offset) {
    String handle = query.startsWith("@") ? query.substring(1) : query;
    String like = handle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    String sql = "SELECT " + ActorRepository.columns("act") + " FROM actor act WHERE (act.type = 'Group') = $1"
        + " AND (act.username ILIKE $2 || '%' OR (act.username || '@' || act.host) ILIKE $2 || '%'"
        + " OR act.display_name ILIKE '%' || $2 || '%')" + ACTOR_READABLE
        + " ORDER BY lower(act.username) = lower($3) DESC, act.username ILIKE $2 || '%' DESC, act.local DESC, act.username, act.id"
        + " LIMIT $4 OFFSET $5";
    return pool.preparedQuery(sql).execute(Tuple.of(groups, like, handle, limit, offset)).map(rows -> {
      List<Actor> out = new ArrayList<>();
      rows.forEach(r -> out.add(ActorRepository.toActor(r)));
      return out;
    });
  }
}
