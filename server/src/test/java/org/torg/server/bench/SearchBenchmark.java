package org.torg.server.bench;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.torg.server.app.ConfigLoader;
import org.torg.server.app.Torg;
import org.torg.server.db.SearchRepository;

/**
 * Search at a million posts (README, Performance): the real schema and its trigger-kept index on
 * Torg's embedded PostgreSQL, filled with generated posts in Swedish, Norwegian and English (half
 * of each post's words from a list of real, inflected words, half from a long tail of made-up
 * ones, so that queries range from common to rare), then each query timed through
 * {@link SearchRepository} as GET /api/v1/search runs it, in rounds. The ceiling of the run: a
 * trivial indexed query (a post by its id) timed next to each search, which shows what the load of
 * the shared machine costs any query at that moment.
 */
public final class SearchBenchmark {

  private static final int POSTS = Integer.getInteger("bench.posts", 1_000_000);
  private static final int RUNS = Integer.getInteger("bench.runs", 40);
  private static final int BATCH = 100_000;
  /** Times every query this many times over (README: the median of 3). */
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  /**
   * The ceiling, timed next to each query: one post read by its primary key, through the same pool,
   * with its author. What the machine's load does to a trivial indexed query, the search's times suffer too.
   */
  private static final String CEILING = "SELECT p.id, p.content, act.username FROM post p JOIN actor act ON act.id = p.author_id"
      + " WHERE p.id = $1";
  /**
   * A data directory to keep the generated posts in: a second run on it skips generating (minutes
   * at a million), so that a change to the queries can be measured again at once.
   */
  private static final String DATA_DIR = System.getProperty("bench.dataDir", "");
  /** Seconds to keep the database running after the run (its port in postgres/data/postmaster.pid), for EXPLAIN by hand. */
  private static final int HOLD = Integer.getInteger("bench.hold", 0);

  private static final String SV = "skola skolan skolor skolorna lärare lärarna kommun kommunen buss bussen bussar bussarna"
      + " park parken parker sjukhus sjukhuset vård vården bostad bostäder bostaden jobb jobbet arbete arbetet skatt skatten"
      + " skatter barn barnen förskola förskolan äldreomsorg äldreomsorgen cykel cykelbana cykelbanor väg vägen vägar tåg"
      + " tåget trafik trafiken miljö miljön klimat klimatet energi priser hyra hyran hyror bibliotek biblioteket idrott"
      + " simhall simhallen polis polisen trygghet valet partiet partier förslag förslaget förslagen budget budgeten beslut"
      + " beslutet möte mötet";
  private static final String NB = "skole skolen skoler skolene lærer læreren lærere kommune kommunen buss bussen busser"
      + " bussene park parken parker sykehus sykehuset helse helsen bolig boliger boligen jobb jobben arbeid arbeidet skatt"
      + " skatten skatter barn barna barnehage barnehagen barnehager eldreomsorg sykkel sykkelvei sykkelveier vei veien veier"
      + " tog toget trafikk trafikken miljø miljøet klima klimaet energi strøm strømmen pris priser husleie bibliotek"
      + " biblioteket idrett idrettshall svømmehall politi politiet trygghet valg partiet partier forslag forslaget budsjett"
      + " budsjettet vedtak vedtaket møte møtet";
  private static final String EN = "school schools teacher teachers council councils bus buses park parks hospital"
      + " hospitals health care housing house houses job jobs work working tax taxes child children nursery nurseries"
      + " elderly cycle cycling lane lanes road roads train trains traffic environment climate energy power electricity"
      + " price prices rent rents library libraries sport sports hall pool police safety election party parties proposal"
      + " proposals budget budgets decision decisions meeting meetings";

  /** What is searched for: common inflected words, words of the middle and the tail, two words together. */
  private static final List<String> QUERIES = System.getProperty("bench.queries") != null
      ? List.of(System.getProperty("bench.queries").split(",")) : List.of("skolorna", "barnehagene", "hospitals", "sykkelveiene", "svord40",
      "nbord150", "enord400", "svord3000", "nbord12000", "enord19000", "bussarna svord300", "\"cykelbana svord20\"",
      "budget -schools");

  public static void main(String[] args) throws Exception {
    var dataDir = DATA_DIR.isEmpty() ? Files.createTempDirectory("torg-bench-search") : Files.createDirectories(Path.of(DATA_DIR));
    Map<String, String> env = new HashMap<>();
    env.put("TORG_DATA_DIR", dataDir.toString());
    env.put("TORG_HTTP_HOST", System.getProperty("bench.host", "127.0.0.1"));
    env.put("TORG_HTTP_PORT", "0");
    env.put("TORG_PUBLIC_URL", "http://127.0.0.1");
    Torg torg = Torg.start(ConfigLoader.load(Optional.empty(), env));
    int exit = 0;
    try {
      Pool pool = torg.services().pool();
      long stored = pool.query("SELECT count(*) FROM post").execute().await().iterator().next().getLong(0);
      if (stored < POSTS) {
        generate(pool);
      } else {
        phase("reusing the " + stored + " posts in " + dataDir);
      }
      SearchRepository search = new SearchRepository(pool);
      Map<String, Long> matches = new HashMap<>();
      for (String q : QUERIES) {
        matches.put(q, pool.preparedQuery("SELECT count(*) FROM post p WHERE p.search_vector @@ websearch_to_tsquery(p.search_config, $1)"
            + " AND p.search_vector @@ (websearch_to_tsquery('english', $1) || websearch_to_tsquery('swedish', $1)"
            + " || websearch_to_tsquery('norwegian', $1))").execute(Tuple.of(q)).await().iterator().next().getLong(0));
      }
      // Each round times every query; the table gives, per query, the median over the rounds of
      // each quantile, so that one round disturbed by the other work on the machine does not count.
      Map<String, double[][]> rounds = new HashMap<>();
      for (int round = 0; round < ROUNDS; round++) {
        phase("round " + (round + 1) + " of " + ROUNDS);
        for (String q : QUERIES) {
          long[] ceiling = time(() -> pool.preparedQuery(CEILING).execute(Tuple.of(1 + (System.nanoTime() / 1000) % POSTS)).await());
          long[] threads = time(() -> search.threads(q, null, 21, 0).await());
          long[] posts = time(() -> search.posts(q, null, 21, 0).await());
          rounds.computeIfAbsent(q, k -> new double[6][ROUNDS]);
          double[] measured = {ms(ceiling, 0.5), ms(ceiling, 0.95), ms(threads, 0.5), ms(threads, 0.95), ms(posts, 0.5), ms(posts, 0.95)};
          for (int i = 0; i < measured.length; i++) {
            rounds.get(q)[i][round] = measured[i];
          }
        }
      }
      System.out.println("| query | matching posts | ceiling p50 ms | ceiling p95 ms | threads p50 ms | threads p95 ms | posts p50 ms"
          + " | posts p95 ms |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      double worst = 0;
      for (String q : QUERIES) {
        double[] m = Arrays.stream(rounds.get(q)).mapToDouble(SearchBenchmark::median).toArray();
        worst = Math.max(worst, Math.max(m[3], m[5]));
        System.out.printf(Locale.ROOT, "| `%s` | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", q, matches.get(q), m[0], m[1], m[2],
            m[3], m[4], m[5]);
      }
      System.out.printf(Locale.ROOT, "slowest p95: %.1f ms (target: 50 ms)%n", worst);
      if (HOLD > 0) {
        phase("holding the database for " + HOLD + " s");
        Thread.sleep(HOLD * 1000L);
      }
    } catch (Exception e) {
      e.printStackTrace();
      exit = 1;
    } finally {
      torg.stop();
    }
    System.exit(exit);
  }

  /** Authors, Groups, threads, then the posts in batches (their words indexed by the trigger as they go in). */
  private static void generate(Pool pool) {
    phase("generating " + POSTS + " posts");
    long t0 = System.nanoTime();
    pool.query("INSERT INTO actor (uri, local, type, username, host, inbox)"
        + " SELECT 'http://bench' || (g % 50) || '.example/users/u' || g, false, 'Person', 'u' || g, 'bench' || (g % 50) || '.example',"
        + " 'http://bench' || (g % 50) || '.example/inbox' FROM generate_series(1, 2000) g").execute().await();
    pool.query("INSERT INTO actor (uri, local, type, username, host, inbox)"
        + " SELECT 'http://hub.example/groups/g' || g, false, 'Group', 'g' || g, 'hub.example', 'http://hub.example/inbox'"
        + " FROM generate_series(1, 20) g").execute().await();
    int threads = Math.max(1, POSTS / 20);
    pool.query("INSERT INTO thread (uri, group_id, title, local) SELECT 'http://hub.example/threads/' || g,"
        + " (SELECT id FROM actor WHERE uri = 'http://hub.example/groups/g' || (1 + g % 20)), 'Thread ' || g, false"
        + " FROM generate_series(1, " + threads + ") g").execute().await();
    long firstThread = pool.query("SELECT min(id) FROM thread").execute().await().iterator().next().getLong(0);
    long firstAuthor = pool.query("SELECT min(id) FROM actor WHERE type = 'Person' AND NOT local").execute().await().iterator().next()
        .getLong(0);
    // Each post: 30 words, each either one of its language's real words (evenly) or a made-up word
    // of a long tail (lang || 'ord' || n, n skewed towards small numbers: from about one post in
    // ten down to a few hundred in the million).
    // (k * 0 ties each word to the inner generate_series, so that string_agg aggregates there.)
    String word = "CASE WHEN random() < 0.5 THEN words[1 + k * 0 + floor(random() * array_length(words, 1))::int]"
        + " ELSE lang || 'ord' || (k * 0 + floor(power(random(), 2) * 20000)::int) END";
    for (int from = 0; from < POSTS; from += BATCH) {
      int to = Math.min(POSTS, from + BATCH);
      pool.query("INSERT INTO post (uri, thread_id, author_id, local, content, language, published)"
          + " SELECT 'http://hub.example/posts/' || g, " + firstThread + " + g % " + threads + ", " + firstAuthor + " + g % 2000,"
          + " false, '<p>' || (SELECT string_agg(" + word + ", ' ') FROM generate_series(1, 30) k WHERE k > g * 0) || '</p>',"
          + " lang, now() - g * interval '1 second'"
          + " FROM (SELECT g, l.lang, CASE l.lang WHEN 'sv' THEN '{" + SV.replace(' ', ',') + "}'::text[]"
          + " WHEN 'nb' THEN '{" + NB.replace(' ', ',') + "}'::text[] ELSE '{" + EN.replace(' ', ',') + "}'::text[] END AS words"
          + " FROM generate_series(" + (from + 1) + ", " + to + ") g,"
          + " LATERAL (SELECT (ARRAY['sv', 'sv', 'nb', 'en'])[1 + g % 4] AS lang) l) s").execute().await();
      System.out.printf(Locale.ROOT, "  %,d posts (%.0f s)%n", to, (System.nanoTime() - t0) / 1e9);
    }
    pool.query("VACUUM ANALYZE post").execute().await();
    pool.query("VACUUM ANALYZE thread").execute().await();
    System.out.printf(Locale.ROOT, "generated and indexed in %.0f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static long[] time(Runnable query) {
    for (int i = 0; i < 3; i++) {
      query.run();
    }
    long[] nanos = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      query.run();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  private static void phase(String name) {
    System.out.println("== " + name + " (" + Instant.now() + ")");
  }
}
