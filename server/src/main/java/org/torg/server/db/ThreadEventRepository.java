package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.torg.server.model.Post;

/**
 * The log of changes to threads that live streams send (V21): written by the database itself in
 * the transaction of each change, read here in id order, with the post each event is about as it
 * is now (an edit sent late shows the newest text, which is what a reader wants).
 */
public final class ThreadEventRepository {

  /** One event: {@code kind} is post, edit, delete or likes. */
  public record ThreadEvent(long id, String kind, Post post) {}

  // The post's columns and its author's, with the event's own in front.
  private static final String SELECT = PostRepository.SELECT.replaceFirst("^SELECT ", "SELECT e.id AS e_id, e.kind AS e_kind, ")
      + " JOIN thread_event e ON e.post_id = p.id";

  private final Pool pool;

  public ThreadEventRepository(Pool pool) {
    this.pool = pool;
  }

  /** The newest event's id (0 when there is none): where a node starts following the log. */
  public Future<Long> newest() {
    return pool.query("SELECT coalesce(max(id), 0) FROM thread_event").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Events of every thread after {@code afterId}, and those of the ids in {@code late} (skipped
   * earlier because their transaction had not committed yet), oldest first.
   */
  public Future<List<ThreadEvent>> after(long afterId, Long[] late, int limit) {
    return pool.preparedQuery(SELECT + " WHERE e.id > $1 OR e.id = ANY($2) ORDER BY e.id LIMIT $3")
        .execute(Tuple.of(afterId, late, limit))
        .map(ThreadEventRepository::events);
  }

  /** One thread's events after {@code afterId}, oldest first: what a resumed stream missed. */
  public Future<List<ThreadEvent>> ofThreadAfter(long threadId, long afterId, int limit) {
    return pool.preparedQuery(SELECT + " WHERE e.thread_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3")
        .execute(Tuple.of(threadId, afterId, limit))
        .map(ThreadEventRepository::events);
  }

  /** Forgets events older than {@code keep}; answers how many. */
  public Future<Integer> prune(Duration keep) {
    return pool.preparedQuery("DELETE FROM thread_event WHERE at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) keep.toSeconds())).map(rows -> rows.rowCount());
  }

  private static List<ThreadEvent> events(io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows) {
    List<ThreadEvent> out = new ArrayList<>();
    rows.forEach(r -> out.add(new ThreadEvent(r.getLong("e_id"), r.getString("e_kind"), PostRepository.toPost(r))));
    return out;
  }
}
