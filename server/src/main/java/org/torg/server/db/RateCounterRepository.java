package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rate-limit counters every node shares (cluster.enabled): one row per key in the unlogged
 * rate_counter table, counted by an upsert, so that N nodes do not allow N times a limit. Times
 * are the database's, the one clock all nodes agree on. A key longer than {@link #MAX_KEY} (an
 * actor's URI) is stored as its SHA-256, which keeps the table's index small.
 */
public final class RateCounterRepository {

  static final int MAX_KEY = 200;

  private final Pool pool;

  public RateCounterRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Counts one hit on each key (distinct keys) in its fixed window of {@code window}, all in one
   * statement; returns each key's count in its current window, this hit included, in their order.
   */
  public Future<List<Integer>> hit(List<String> keys, Duration window) {
    List<String> rows = keys.stream().map(RateCounterRepository::bounded).toList();
    return pool.preparedQuery("INSERT INTO rate_counter AS c (key, window_start, count)"
            + " SELECT k, now(), 1 FROM unnest($1::text[]) AS k"
            + " ON CONFLICT (key) DO UPDATE SET"
            + " count = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE c.count + 1 END,"
            + " window_start = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN now() ELSE c.window_start END"
            + " RETURNING key, count")
        .execute(Tuple.of(rows.toArray(new String[0]), window.toMillis() / 1000.0))
        .map(result -> {
          Map<String, Integer> counts = new HashMap<>();
          for (Row r : result) {
            counts.put(r.getString(0), r.getInteger(1));
          }
          return rows.stream().map(counts::get).toList();
        });
  }

  /**
   * Counts one attempt on a key whose count is forgotten after {@code forgetAfter} without attempts;
   * returns the count, this attempt included.
   */
  public Future<Integer> attempt(String key, Duration forgetAfter) {
    return pool.preparedQuery("INSERT INTO rate_counter AS c (key, window_start, count) VALUES ($1, now(), 1)"
            + " ON CONFLICT (key) DO UPDATE SET"
            + " count = CASE WHEN c.window_start < now() - make_interval(secs => $2) THEN 1 ELSE c.count + 1 END,"
            + " window_start = now() RETURNING count")
        .execute(Tuple.of(bounded(key), forgetAfter.toMillis() / 1000.0))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Refuses the key for {@code wait} from now. */
  public Future<Void> block(String key, Duration wait) {
    return pool.preparedQuery("UPDATE rate_counter SET blocked_until = now() + make_interval(secs => $2) WHERE key = $1")
        .execute(Tuple.of(bounded(key), wait.toMillis() / 1000.0)).mapEmpty();
  }

  /** How long the key is still refused, if it is. */
  public Future<Optional<Duration>> blocked(String key) {
    return pool.preparedQuery("SELECT extract(epoch FROM blocked_until - now()) FROM rate_counter"
            + " WHERE key = $1 AND blocked_until > now()")
        .execute(Tuple.of(bounded(key)))
        .map(rows -> {
          List<Double> seconds = new ArrayList<>();
          rows.forEach(r -> seconds.add(r.getDouble(0)));
          return seconds.isEmpty() ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(seconds.get(0) * 1000)));
        });
  }

  public Future<Void> clear(String key) {
    return pool.preparedQuery("DELETE FROM rate_counter WHERE key = $1").execute(Tuple.of(bounded(key))).mapEmpty();
  }

  /** Drops counters no limit looks at any more (a run-once job); returns how many. */
  public Future<Integer> sweep(Duration olderThan) {
    return pool.preparedQuery("DELETE FROM rate_counter WHERE window_start < now() - make_interval(secs => $1)"
            + " AND (blocked_until IS NULL OR blocked_until < now())")
        .execute(Tuple.of(olderThan.toMillis() / 1000.0))
        .map(rows -> rows.rowCount());
  }

  static String bounded(String key) {
    if (key.length() <= MAX_KEY) {
      return key;
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
