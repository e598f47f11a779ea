package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
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

  /**
   * The query parsed once by every configuration a post may have (torg_search_config in
   * V20__search.sql), as rows {@code q(cfg, tsq)}: each post is then matched, through the GIN
   * index, by the query in its own language only.
   */
  private static final String[] CONFIGURATIONS = {"english", "swedish", "norwegian", "danish", "german", "finnish", "french",
      "dutch", "spanish", "italian", "portuguese", "simple"};

  private static final String QUERIES = "q AS MATERIALIZED (SELECT c.cfg, websearch_to_tsquery(c.cfg, $1) AS tsq"
      + " FROM unnest('{" + String.join(",", CONFIGURATIONS) + "}'::regconfig[]) AS c(cfg))";

  /** The actor {@code act} is not deleted, suspended, under a suspended server, or an account that is not active. */
  private static final String ACTOR_VISIBLE = " AND act.deleted_at IS NULL"
      + " AND NOT EXISTS (SELECT 1 FROM actor_sanction s WHERE s.actor_id = act.id AND s.level = 'suspend')"
      + " AND NOT EXISTS (SELECT 1 FROM domain_block d WHERE d.domain = act.host AND d.severity = 'suspend')"
      + " AND NOT EXISTS (SELECT 1 FROM account ac WHERE ac.actor_id = act.id AND ac.state <> 'active')";

  /** $2: the reader's actor id, or null for a signed-out reader; {@code act} is the post's author. */
  private static final String READABLE = " AND p.deleted_at IS NULL" + ACTOR_VISIBLE
      + " AND (t.group_id IS NULL OR NOT EXISTS (SELECT 1 FROM actor_sanction s WHERE s.actor_id = t.group_id AND s.level = 'suspend'))"
      + " AND ($2::bigint IS NULL OR t.group_id IS NULL"
      + " OR NOT EXISTS (SELECT 1 FROM group_ban b WHERE b.group_id = t.group_id AND b.actor_id = $2::bigint))";

  /** An actor found by name: visible, and not an account still awaiting approval. */
  private static final String ACTOR_READABLE = ACTOR_VISIBLE + " AND NOT act.awaiting_approval";

  /**
   * Where {@link #MATCHES} says which posts it looks at: the newest ones (through the primary key),
   * or ({@link #EVERY_POST}) all that hold the words in any language (through the GIN index).
   */
  private static final String WINDOW = "p.id > $5";
  private static final String EVERY_POST = "p.search_vector @@ (" + String.join(" || ", java.util.Arrays.stream(CONFIGURATIONS)
      .map(c -> "websearch_to_tsquery('" + c + "', $1)").toList()) + ") AND $5::bigint = 0";

  /** Posts that match, with their rank and the query in their language, from {@link #QUERIES}. */
  private static final String MATCHES = " FROM q JOIN post p ON p.search_config = q.cfg AND p.search_vector @@ q.tsq"
      + " JOIN actor act ON act.id = p.author_id JOIN thread t ON t.id = p.thread_id WHERE " + WINDOW + READABLE;

  /**
   * Ranking reads every match, which a common word has hundreds of thousands of: so a search
   * first ranks the matches among the newest posts, this many ids back (read through the primary
   * key), and takes them if there are at least {@link #ENOUGH_CANDIDATES}; otherwise it ranks the
   * matches among all posts (read through the GIN index, which is quick for a word that rare).
   * A common word is ranked among the newest few thousand posts that hold it, any other among all.
   */
  static final long WINDOW_POSTS = 20_000;
  static final long ENOUGH_CANDIDATES = 200;

  private static final String RANK = "ts_rank_cd(p.search_vector, q.tsq)";

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
    String sql = "WITH " + QUERIES + ", best AS (SELECT p.id, q.tsq, " + RANK + " AS rank, count(*) OVER () AS candidates"
        + MATCHES + " ORDER BY rank DESC, p.id DESC LIMIT $3 OFFSET $4) "
        + PostRepository.SELECT.substring(0, PostRepository.SELECT.indexOf(" FROM post p")) + THREAD_COLUMNS
        + ", best.rank, best.candidates, " + SNIPPET + " AS snippet FROM best JOIN post p ON p.id = best.id"
        + " JOIN actor act ON act.id = p.author_id JOIN thread t ON t.id = p.thread_id LEFT JOIN actor g ON g.id = t.group_id"
        + " ORDER BY best.rank DESC, p.id DESC";
    return windowed(sql, query, readerActorId, limit, offset, r -> new PostHit(PostRepository.toPost(r),
        r.getString("thread_title"), r.getString("thread_uri"), Optional.ofNullable(r.getString("group_name")),
        Optional.ofNullable(r.getString("group_host")), r.getString("snippet"), r.getDouble("rank")));
  }

  /** Runs a ranked search among the newest posts (WINDOW_POSTS), then among all if that found too few. */
  private <T> Future<List<T>> windowed(String sql, String query, Long readerActorId, int limit, int offset,
      java.util.function.Function<Row, T> hit) {
    return pool.query("SELECT coalesce(max(id), 0) FROM post").execute().compose(newest -> {
      long after = newest.iterator().next().getLong(0) - WINDOW_POSTS;
      if (after <= 0) {
        return page(sql.replace(WINDOW, EVERY_POST), Tuple.of(query, readerActorId, limit, offset, 0L), hit);
      }
      return pool.preparedQuery(sql).execute(Tuple.of(query, readerActorId, limit, offset, after)).compose(rows -> {
        long candidates = rows.size() == 0 ? 0 : rows.iterator().next().getLong("candidates");
        return candidates >= ENOUGH_CANDIDATES ? Future.succeededFuture(hits(rows, hit))
            : page(sql.replace(WINDOW, EVERY_POST), Tuple.of(query, readerActorId, limit, offset, 0L), hit);
      });
    });
  }

  private <T> Future<List<T>> page(String sql, Tuple params, java.util.function.Function<Row, T> hit) {
    return pool.preparedQuery(sql).execute(params).map(rows -> hits(rows, hit));
  }

  private static <T> List<T> hits(io.vertx.sqlclient.RowSet<Row> rows, java.util.function.Function<Row, T> hit) {
    List<T> out = new ArrayList<>();
    rows.forEach(r -> out.add(hit.apply(r)));
    return out;
  }

  public Future<List<ThreadHit>> threads(String query, Long readerActorId, int limit, int offset) {
    String sql = "WITH " + QUERIES + ", matched AS (SELECT DISTINCT ON (p.thread_id) p.thread_id, p.id, q.tsq, " + RANK + " AS rank"
        + MATCHES + " ORDER BY p.thread_id, rank DESC, p.id),"
        + " best AS (SELECT *, count(*) OVER () AS candidates FROM matched ORDER BY rank DESC, thread_id DESC LIMIT $3 OFFSET $4)"
        + " SELECT p.id AS post_id, best.rank, best.candidates" + THREAD_COLUMNS + ", t.id AS thread_id, " + SNIPPET + " AS snippet"
        + " FROM best JOIN post p ON p.id = best.id JOIN thread t ON t.id = best.thread_id LEFT JOIN actor g ON g.id = t.group_id"
        + " ORDER BY best.rank DESC, t.id DESC";
    return windowed(sql, query, readerActorId, limit, offset, r -> new ThreadHit(r.getLong("thread_id"),
        r.getString("thread_title"), r.getString("thread_uri"), Optional.ofNullable(r.getString("group_name")),
        Optional.ofNullable(r.getString("group_host")), r.getOffsetDateTime("thread_activity").toInstant(),
        r.getInteger("thread_replies"), r.getLong("post_id"), r.getString("snippet"), r.getDouble("rank")));
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
