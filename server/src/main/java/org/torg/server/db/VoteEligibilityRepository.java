package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a members-only poll decided about each vote: which branches vouched for a counted one,
 * and why a refused one was refused. The participation report and the open-data export show both.
 */
public final class VoteEligibilityRepository {

  /** A vote that did not count: who cast it, from which server, and why it was refused. */
  public record Refused(String voter, String server, boolean local, String reason, String detail, Instant at) {}

  /** How many counted voters a branch vouched for. */
  public record Vouched(String branch, int voters) {}

  private final Pool pool;

  public VoteEligibilityRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** What the poll already decided about an actor: whether a vote of theirs counts, and how many were refused. */
  public record Past(boolean counted, int refusals) {}

  public Future<Past> past(long threadId, long actorId) {
    return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM poll_vote WHERE thread_id = $1 AND actor_id = $2),"
            + " (SELECT count(*) FROM refused_vote WHERE thread_id = $1 AND actor_id = $2)::int")
        .execute(Tuple.of(threadId, actorId)).map(rows -> {
          var r = rows.iterator().next();
          return new Past(r.getBoolean(0), r.getInteger(1));
        });
  }

  /** Records a refusal; a repeat of the same vote Note is recorded once. */
  public Future<Void> refuse(long threadId, long actorId, String voteUri, List<Integer> choices, String reason, String detail) {
    return pool.preparedQuery("INSERT INTO refused_vote (thread_id, actor_id, vote_uri, choices, reason, detail)"
            + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (vote_uri) DO NOTHING")
        .execute(Tuple.of(threadId, actorId, voteUri, choices.toArray(Integer[]::new), reason, detail)).mapEmpty();
  }

  /** In the vote's transaction: the branches whose statements made it count. */
  public Future<Void> vouched(SqlClient tx, long threadId, long actorId, Set<String> branches) {
    if (branches.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = branches.stream().map(b -> Tuple.of(threadId, actorId, b)).toList();
    return tx.preparedQuery("INSERT INTO vote_membership (thread_id, actor_id, branch_uri) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .executeBatch(rows).mapEmpty();
  }

  /** Refused votes, oldest first, with the voter's handle. */
  public Future<List<Refused>> refused(long threadId) {
    return pool.preparedQuery("SELECT a.username, a.host, a.local, r.reason, r.detail, r.created_at FROM refused_vote r"
            + " JOIN actor a ON a.id = r.actor_id WHERE r.thread_id = $1 ORDER BY r.created_at, r.id")
        .execute(Tuple.of(threadId)).map(rows -> {
          List<Refused> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Refused("@" + r.getString(0) + "@" + r.getString(1), r.getString(1), r.getBoolean(2),
              r.getString(3), r.getString(4), r.getOffsetDateTime(5).toInstant())));
          return out;
        });
  }

  /** Counted voters per vouching branch (a voter of two branches is under both). */
  public Future<List<Vouched>> vouchedByBranch(long threadId) {
    return pool.preparedQuery("SELECT m.branch_uri, count(DISTINCT m.actor_id)::int FROM vote_membership m"
            + " WHERE m.thread_id = $1 AND EXISTS (SELECT 1 FROM poll_vote v WHERE v.thread_id = m.thread_id AND v.actor_id = m.actor_id)"
            + " GROUP BY m.branch_uri ORDER BY m.branch_uri")
        .execute(Tuple.of(threadId)).map(rows -> {
          List<Vouched> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Vouched(r.getString(0), r.getInteger(1))));
          return out;
        });
  }
}
