package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.torg.server.model.Actor;
import org.torg.server.model.Consultation;
import org.torg.server.model.Poll;

/**
 * Consultations, their polls, votes and citations. Every change here that the thread API shows
 * bumps the thread's version in the same transaction (the post trigger does not see these tables).
 */
public final class ConsultationRepository {

  /** What became of a vote. */
  public enum VoteResult { COUNTED, REPEATED, ALREADY_VOTED }

  private final Pool pool;

  public ConsultationRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Void> insert(SqlClient tx, long threadId, Instant inputClosesAt, Instant deliberationEndsAt) {
    return tx.preparedQuery("INSERT INTO consultation (thread_id, input_closes_at, deliberation_ends_at) VALUES ($1, $2, $3)")
        .execute(Tuple.of(threadId, SessionKeyRepository.utc(inputClosesAt), SessionKeyRepository.utc(deliberationEndsAt)))
        .mapEmpty();
  }

  /** Makes a consultation party-wide: its hub's branches all take part (V19). */
  public Future<Void> markPartyWide(SqlClient tx, long threadId) {
    return tx.preparedQuery("UPDATE consultation SET party_wide = true WHERE thread_id = $1").execute(Tuple.of(threadId)).mapEmpty();
  }

  public Future<Boolean> isPartyWide(SqlClient client, long threadId) {
    return client.preparedQuery("SELECT party_wide FROM consultation WHERE thread_id = $1").execute(Tuple.of(threadId))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
  }

  public Future<Void> insertPoll(SqlClient tx, long threadId, long postId, List<String> options, boolean multiple, Instant endsAt) {
    return insertPoll(tx, threadId, postId, options, multiple, endsAt, false, List.of());
  }

  /** {@code statements}: a candidate selection's, one per option; empty for an ordinary poll. */
  public Future<Void> insertPoll(SqlClient tx, long threadId, long postId, List<String> options, boolean multiple, Instant endsAt,
      boolean membersOnly, List<String> statements) {
    return tx.preparedQuery("INSERT INTO poll (thread_id, post_id, options, multiple, ends_at, eligibility, option_statements)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .execute(Tuple.of(threadId, postId, options.toArray(String[]::new), multiple, SessionKeyRepository.utc(endsAt),
            membersOnly ? "members" : "everyone", statements.isEmpty() ? null : statements.toArray(String[]::new)))
        .mapEmpty();
  }

  public Future<Optional<Consultation>> find(long threadId) {
    return find(pool, threadId);
  }

  public Future<Optional<Consultation>> find(SqlClient client, long threadId) {
    return client.preparedQuery("SELECT c.thread_id, c.input_closes_at, c.deliberation_ends_at, c.response_post_id,"
            + " coalesce((SELECT array_agg(post_id ORDER BY position) FROM consultation_citation WHERE thread_id = c.thread_id),"
            + " '{}') FROM consultation c WHERE c.thread_id = $1")
        .execute(Tuple.of(threadId)).map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          Long[] cited = r.getArrayOfLongs(4);
          return Optional.of(new Consultation(r.getLong(0), r.getOffsetDateTime(1).toInstant(),
              r.getOffsetDateTime(2).toInstant(), Optional.ofNullable(r.getLong(3)), Arrays.asList(cited)));
        });
  }

  /** The poll with its counts. */
  public Future<Optional<Poll>> poll(long threadId) {
    return poll(pool, threadId);
  }

  public Future<Optional<Poll>> poll(SqlClient client, long threadId) {
    return client.preparedQuery(POLL + " WHERE p.thread_id = $1").execute(Tuple.of(threadId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toPoll(rows.iterator().next())));
  }

  /** The poll whose Question is the post {@code postUri}: what a remote vote names in inReplyTo. */
  public Future<Optional<Poll>> pollOfPost(String postUri) {
    return pool.preparedQuery(POLL + " JOIN post q ON q.id = p.post_id WHERE q.uri = $1").execute(Tuple.of(postUri))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toPoll(rows.iterator().next())));
  }

  /** Polls whose end has come and whose final Update has not been sent. */
  public Future<List<Long>> duePolls(Instant now, int limit) {
    return pool.preparedQuery("SELECT thread_id FROM poll WHERE closed_at IS NULL AND ends_at <= $1 ORDER BY ends_at LIMIT $2")
        .execute(Tuple.of(SessionKeyRepository.utc(now), limit)).map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /** Marks the poll closed; false when another node (or an earlier tick) already did. */
  public Future<Boolean> markClosed(SqlClient tx, long threadId, Instant at) {
    return tx.preparedQuery("UPDATE poll SET closed_at = $2 WHERE thread_id = $1 AND closed_at IS NULL")
        .execute(Tuple.of(threadId, SessionKeyRepository.utc(at))).compose(r -> r.rowCount() == 0 ? Future.succeededFuture(false)
            : bumpVersion(tx, threadId).map(true));
  }

  /**
   * Records an actor's choices. The poll row is locked first, so two votes of one actor on a
   * single-choice poll arriving at once cannot both count. {@code voteUri}: the remote vote Note's
   * id (a repeat of it is not counted), null for a local vote.
   */
  public Future<VoteResult> vote(SqlClient tx, Poll poll, long actorId, List<Integer> choices, String voteUri) {
    return tx.preparedQuery("SELECT 1 FROM poll WHERE thread_id = $1 FOR UPDATE").execute(Tuple.of(poll.threadId()))
        .compose(locked -> tx.preparedQuery("SELECT choice FROM poll_vote WHERE thread_id = $1 AND actor_id = $2")
            .execute(Tuple.of(poll.threadId(), actorId)))
        .compose(rows -> {
          Set<Integer> had = new TreeSet<>();
          rows.forEach(r -> had.add(r.getInteger(0)));
          if (!poll.multiple() && !had.isEmpty()) {
            return Future.succeededFuture(had.containsAll(choices) ? VoteResult.REPEATED : VoteResult.ALREADY_VOTED);
          }
          List<Integer> fresh = choices.stream().filter(c -> !had.contains(c)).distinct().toList();
          if (fresh.isEmpty()) {
            return Future.succeededFuture(VoteResult.REPEATED);
          }
          List<Tuple> batch = fresh.stream().map(c -> Tuple.of(poll.threadId(), actorId, c, voteUri)).toList();
          return tx.preparedQuery("INSERT INTO poll_vote (thread_id, actor_id, choice, vote_uri) VALUES ($1, $2, $3, $4)"
                  + " ON CONFLICT DO NOTHING").executeBatch(batch)
              .compose(r -> {
                int inserted = 0;
                for (var set = r; set != null; set = set.next()) {
                  inserted += set.rowCount();
                }
                return inserted == 0 ? Future.succeededFuture(VoteResult.REPEATED)
                    : bumpVersion(tx, poll.threadId()).map(VoteResult.COUNTED);
              });
        });
  }

  /** Whether this vote Note was counted already (a repeated Create, or the same Note in a new activity). */
  public Future<Boolean> voteKnown(String voteUri) {
    return pool.preparedQuery("SELECT 1 FROM poll_vote WHERE vote_uri = $1").execute(Tuple.of(voteUri)).map(r -> r.size() > 0);
  }

  /** The remote voters' inboxes (shared where they have one): where the final counts go. */
  public Future<List<String>> remoteVoterInboxes(SqlClient client, long threadId) {
    return client.preparedQuery("SELECT DISTINCT coalesce(a.shared_inbox, a.inbox) FROM poll_vote v JOIN actor a ON a.id = v.actor_id"
            + " WHERE v.thread_id = $1 AND NOT a.local AND coalesce(a.shared_inbox, a.inbox) IS NOT NULL")
        .execute(Tuple.of(threadId)).map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** Every voter, for the participation report. */
  public Future<List<Actor>> voters(long threadId) {
    return pool.preparedQuery("SELECT " + ActorRepository.columns("a") + " FROM actor a WHERE a.id IN"
            + " (SELECT actor_id FROM poll_vote WHERE thread_id = $1)")
        .execute(Tuple.of(threadId)).map(rows -> {
          List<Actor> out = new ArrayList<>();
          rows.forEach(r -> out.add(ActorRepository.toActor(r)));
          return out;
        });
  }

  /** The official response and what it cites; the consultation is answered from then on. */
  public Future<Void> setResponse(SqlClient tx, long threadId, long responsePostId, List<Long> cited) {
    List<Tuple> citations = new ArrayList<>();
    for (int i = 0; i < cited.size(); i++) {
      citations.add(Tuple.of(threadId, cited.get(i), i));
    }
    java.util.function.Supplier<Future<Void>> insert = () -> citations.isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery("INSERT INTO consultation_citation (thread_id, post_id, position) VALUES ($1, $2, $3)")
            .executeBatch(citations).mapEmpty();
    // Only the first response lands: a second one, written at the same moment, fails here and
    // its transaction (the post, its mentions, its deliveries) rolls back.
    return tx.preparedQuery("UPDATE consultation SET response_post_id = $2 WHERE thread_id = $1 AND response_post_id IS NULL")
        .execute(Tuple.of(threadId, responsePostId))
        .compose(r -> r.rowCount() == 1 ? insert.get() : Future.failedFuture(new AlreadyAnswered()))
        .compose(v -> bumpVersion(tx, threadId));
  }

  /** The consultation had its official response already when another was written. */
  public static final class AlreadyAnswered extends RuntimeException {
    public AlreadyAnswered() {
      super("this consultation has its response", null, false, false);
    }
  }

  /**
   * The actors who answer for a Group: its members and moderators, and the instance's moderators
   * and admins. A reply from anyone else is a citizen's.
   */
  public Future<Set<Long>> answeringActors(long groupId) {
    return pool.preparedQuery("SELECT a.actor_id FROM account a WHERE a.role IN ('moderator', 'admin')"
            + " UNION SELECT a.actor_id FROM group_member m JOIN account a ON a.id = m.account_id WHERE m.group_id = $1")
        .execute(Tuple.of(groupId)).map(rows -> {
          Set<Long> out = new TreeSet<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }

  /** The thread API renders these tables too: a change must make cached renderings stale. */
  public Future<Void> bumpVersion(SqlClient tx, long threadId) {
    return tx.preparedQuery("UPDATE thread SET version = version + 1 WHERE id = $1").execute(Tuple.of(threadId)).mapEmpty();
  }

  private static final String POLL = "SELECT p.thread_id, p.post_id, p.options, p.multiple, p.ends_at, p.closed_at,"
      + " coalesce((SELECT array_agg(n ORDER BY c) FROM (SELECT c, (SELECT count(*) FROM poll_vote v WHERE v.thread_id = p.thread_id"
      + " AND v.choice = c)::int AS n FROM generate_series(0, cardinality(p.options) - 1) AS c) counts), '{}'),"
      + " (SELECT count(DISTINCT actor_id) FROM poll_vote v WHERE v.thread_id = p.thread_id)::int,"
      + " p.eligibility = 'members', coalesce(p.option_statements, '{}') FROM poll p";

  private static Poll toPoll(Row r) {
    OffsetDateTime closed = r.getOffsetDateTime(5);
    return new Poll(r.getLong(0), r.getLong(1), Arrays.asList(r.getArrayOfStrings(2)), r.getBoolean(3),
        r.getOffsetDateTime(4).toInstant(), Optional.ofNullable(closed).map(OffsetDateTime::toInstant),
        Arrays.asList(r.getArrayOfIntegers(6)), r.getInteger(7), r.getBoolean(8), Arrays.asList(r.getArrayOfStrings(9)));
  }
}
