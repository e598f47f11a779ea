package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where a ranked search looks, and how it widens (issue 18: p95 within 50 ms at a million posts).
 * Ranking reads every candidate's words from the table, one page read per post, so the cost of a
 * search is the number of posts it ranks. A search therefore ranks a word's newest matches: those
 * among the newest {@link #NEWEST_POSTS} posts if there are at least {@link #ENOUGH_CANDIDATES},
 * else those among the newest {@link #RECENT_POSTS}, else all. The second step finds its posts
 * through the GIN index ANDed with a BRIN index on the id (V28__search_recent.sql), so it reads
 * from the table only the matches in that range. A page that comes back short widens the scope
 * too, so that paging on finds every match.
 *
 * <p>Within a scope, ranking comes before the visibility checks (their joins cost a few index
 * lookups per post): the best {@code 2 × (offset + limit) + 20} candidates are checked, and only
 * if too few of them may be read are all of them. The result is the same either way: a readable
 * post outside the best N ranks below every one inside.
 *
 * <p>Parameters of every statement: $1 the words, $2 the reader's actor id or null, $3 limit,
 * $4 offset, $5 how many of the best candidates to check (null: all); in every scope but
 * {@link Scope#NEWEST}, $6 the words parsed by every configuration, deduplicated and ORed
 * ({@link #PREPARE}); and in {@link Scope#RECENT}, $7 the id newer posts have.
 */
final class SearchScopes {

  static final int NEWEST_POSTS = 5_000;
  static final int RECENT_POSTS = 100_000;
  static final int ENOUGH_CANDIDATES = 200;

  /** The configurations a post may have (torg_search_config in V20__search.sql). */
  static final String[] CONFIGURATIONS = {"english", "swedish", "norwegian", "danish", "german", "finnish", "french",
      "dutch", "spanish", "italian", "portuguese", "simple"};

  /** What {@code m} (the candidates) is drawn from; {@code $6} is the words in any language, for the GIN index. */
  enum Scope {
    /**
     * The newest posts, read backwards through the primary key (cheaper than the index for a common
     * word) and matched by the join with {@code q}; the only scope that needs no $6, so a search
     * whose word is common takes one statement.
     */
    NEWEST("(SELECT p.id, p.thread_id, p.author_id, p.deleted_at, p.search_config, p.search_vector FROM post p"
        + " ORDER BY p.id DESC LIMIT " + NEWEST_POSTS + ") p"),
    /** The matches among the newest posts: GIN index ANDed with the BRIN index on the id. */
    RECENT("post p WHERE p.search_vector @@ $6::text::tsquery AND p.id > $7"),
    /** Every match, through the GIN index, read once (not once per configuration). */
    EVERY("post p WHERE p.search_vector @@ $6::text::tsquery");

    final String source;

    Scope(String source) {
      this.source = source;
    }
  }

  /**
   * The candidates of a scope ranked by the query in their own language, the best $5 of them, and
   * how many there were in the scope ({@code candidates}), and the newest post's id ({@code newest});
   * ${SCOPE} is replaced by the scope's source. Every statement selects {@code candidates} and
   * {@code newest} from its {@code best} rows.
   */
  static final String RANKED = "q AS MATERIALIZED (SELECT c.cfg, websearch_to_tsquery(c.cfg, $1) AS tsq"
      + " FROM unnest('{" + String.join(",", CONFIGURATIONS) + "}'::regconfig[]) AS c(cfg)),"
      + " m AS MATERIALIZED (SELECT p.id, p.thread_id, p.author_id, p.deleted_at, p.search_config, p.search_vector FROM ${SCOPE}),"
      + " ranked AS (SELECT m.id, m.thread_id, m.author_id, m.deleted_at, q.tsq, ts_rank_cd(m.search_vector, q.tsq) AS rank,"
      + " count(*) OVER () AS candidates, (SELECT coalesce(max(id), 0) FROM post) AS newest FROM m JOIN q ON q.cfg = m.search_config AND m.search_vector @@ q.tsq"
      + " ORDER BY rank DESC, m.id DESC LIMIT $5)";

  /**
   * The words parsed by every configuration, ORed, each distinct query once: what the GIN index is
   * asked. (Twelve copies of one word would make the planner expect twelve times its matches and
   * read the newest posts through the primary key instead.) And the newest post's id.
   */
  private static final String PREPARE = "SELECT (SELECT coalesce(max(id), 0) FROM post) AS newest,"
      + " (SELECT string_agg(DISTINCT '(' || x.tsq::text || ')', ' | ') FROM (SELECT websearch_to_tsquery(c.cfg, $1) AS tsq"
      + " FROM unnest('{" + String.join(",", CONFIGURATIONS) + "}'::regconfig[]) AS c(cfg)) x WHERE numnode(x.tsq) > 0) AS any_language";

  private SearchScopes() {}

  /**
   * Runs {@code sql} (with ${SCOPE}) from the narrowest scope on, widening as the class comment says;
   * {@code checked} is how many of the best candidates to check for visibility at first.
   */
  static <T> Future<List<T>> run(Pool pool, String sql, String query, Long reader, int limit, int offset, int checked,
      Function<Row, T> hit) {
    return new Widening(pool, sql, query, reader, limit, offset, checked).newest((long) checked).map(rows -> {
      List<T> out = new ArrayList<>();
      rows.forEach(r -> out.add(hit.apply(r)));
      return out;
    });
  }

  private record Widening(Pool pool, String sql, String query, Long reader, int limit, int offset, long firstChecked) {

    /** The newest posts first: all a search of a common word (or on a small server) needs. */
    Future<RowSet<Row>> newest(Long checked) {
      return execute(Scope.NEWEST, checked, null, 0).compose(rows -> {
        long candidates = candidates(rows);
        boolean fullPage = rows.size() >= limit;
        boolean truncated = checked != null && (candidates < 0 || candidates > checked);
        if (fullPage && candidates >= ENOUGH_CANDIDATES) {
          return Future.succeededFuture(rows);
        }
        if (!fullPage && truncated && rows.size() > 0) {
          return newest(null); // too few of the best candidates may be read: check them all
        }
        if (rows.size() > 0 && rows.iterator().next().getLong("newest") <= NEWEST_POSTS && (fullPage || !truncated)) {
          return Future.succeededFuture(rows); // the newest posts are all there are
        }
        return pool.preparedQuery(PREPARE).execute(Tuple.of(query)).compose(prepared -> {
          Row p = prepared.iterator().next();
          String anyLanguage = p.getString("any_language");
          if (anyLanguage == null) {
            return Future.succeededFuture(rows); // only stop words: nothing to find
          }
          long newestId = p.getLong("newest");
          // Straight to every post when the newest posts hint that the recent ones hold too few.
          boolean recentHoldEnough = newestId > RECENT_POSTS
              && candidates * ((double) RECENT_POSTS / NEWEST_POSTS) >= ENOUGH_CANDIDATES;
          return wider(recentHoldEnough ? Scope.RECENT : Scope.EVERY, firstChecked, anyLanguage, newestId);
        });
      });
    }

    /** A scope found through the GIN index: the recent posts, then every post. */
    Future<RowSet<Row>> wider(Scope scope, Long checked, String anyLanguage, long newestId) {
      return execute(scope, checked, anyLanguage, newestId).compose(rows -> {
        long candidates = candidates(rows);
        boolean fullPage = rows.size() >= limit;
        boolean truncated = checked != null && (candidates < 0 || candidates > checked);
        if (fullPage && (candidates >= ENOUGH_CANDIDATES || scope == Scope.EVERY)) {
          return Future.succeededFuture(rows);
        }
        if (!fullPage && truncated && (rows.size() > 0 || scope == Scope.EVERY)) {
          // Too few of the best candidates may be read: check them all. (An empty page says
          // nothing about how many there were: most likely none, so the wider scope comes first.)
          return wider(scope, null, anyLanguage, newestId);
        }
        if (scope == Scope.EVERY) {
          return Future.succeededFuture(rows);
        }
        return wider(Scope.EVERY, firstChecked, anyLanguage, newestId);
      });
    }

    private Future<RowSet<Row>> execute(Scope scope, Long checked, String anyLanguage, long newestId) {
      Tuple params = Tuple.tuple().addString(query).addLong(reader).addInteger(limit).addInteger(offset).addLong(checked);
      if (scope != Scope.NEWEST) {
        params.addString(anyLanguage);
      }
      if (scope == Scope.RECENT) {
        params.addLong(newestId - RECENT_POSTS);
      }
      return pool.preparedQuery(sql.replace("${SCOPE}", scope.source)).execute(params);
    }

    private static long candidates(RowSet<Row> rows) {
      return rows.size() == 0 ? -1 : rows.iterator().next().getLong("candidates");
    }
  }
}
