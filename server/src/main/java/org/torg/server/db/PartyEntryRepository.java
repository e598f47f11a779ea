package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The party_entry table: on a branch's server, the party-wide consultations its local Groups take part in. */
public final class PartyEntryRepository {

  /** A branch's part in a thread: the branch Group and its entry post (the reply its followers answer). */
  public record Entry(long branchId, long threadId, long hubId, Optional<Long> entryPostId) {}

  /** A party-wide consultation as a branch's page lists it. */
  public record Listed(long threadId, String title, String rootUrl, Instant lastActivityAt, int replyCount, String hubName,
      String hubHost, String hubUrl, Optional<Long> entryPostId) {}

  private final Pool pool;

  public PartyEntryRepository(Pool pool) {
    this.pool = pool;
  }

  /** Claims the branch's part in the thread; false when it had it already (the question arrived twice). */
  public Future<Boolean> claim(SqlClient tx, long branchId, long threadId, long hubId) {
    return tx.preparedQuery("INSERT INTO party_entry (branch_id, thread_id, hub_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(branchId, threadId, hubId)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Void> setEntry(SqlClient tx, long branchId, long threadId, long entryPostId) {
    return tx.preparedQuery("UPDATE party_entry SET entry_post_id = $3 WHERE branch_id = $1 AND thread_id = $2")
        .execute(Tuple.of(branchId, threadId, entryPostId)).mapEmpty();
  }

  /** The local branches taking part in a thread, with their entries. */
  public Future<List<Entry>> ofThread(long threadId) {
    return pool.preparedQuery("SELECT branch_id, thread_id, hub_id, entry_post_id FROM party_entry WHERE thread_id = $1")
        .execute(Tuple.of(threadId)).map(rows -> {
          List<Entry> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Entry(r.getLong(0), r.getLong(1), r.getLong(2), Optional.ofNullable(r.getLong(3)))));
          return out;
        });
  }

  /** The party-wide consultations a branch takes part in, latest activity first. */
  public Future<List<Listed>> ofBranch(long branchId, int limit) {
    return pool.preparedQuery("SELECT t.id, t.title, coalesce(p.url, p.uri), t.last_activity_at, t.reply_count,"
            + " h.username, h.host, coalesce(h.url, h.uri), e.entry_post_id"
            + " FROM party_entry e JOIN thread t ON t.id = e.thread_id JOIN post p ON p.id = t.root_post_id"
            + " JOIN actor h ON h.id = e.hub_id"
            + " WHERE e.branch_id = $1 AND p.deleted_at IS NULL ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $2")
        .execute(Tuple.of(branchId, limit)).map(rows -> {
          List<Listed> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Listed(r.getLong(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3).toInstant(),
              r.getInteger(4), r.getString(5), r.getString(6), r.getString(7), Optional.ofNullable(r.getLong(8)))));
          return out;
        });
  }
}
