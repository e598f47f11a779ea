package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The mail queue (V25 outgoing_mail). Requests insert; senders on every node claim due rows with
 * FOR UPDATE SKIP LOCKED and a lease, so two nodes never send one message, and a node that dies
 * mid-send leaves its messages to be claimed again when the lease runs out.
 */
public final class OutgoingMailRepository {

  /** A claimed message. {@code message} is null for a notification, which the sender writes now. */
  public record Queued(long id, long accountId, String kind, String recipient, byte[] message, Long postId, Long threadId,
      int attempts) {}

  private final Pool pool;

  public OutgoingMailRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Long> enqueue(SqlClient client, long accountId, String kind, String recipient, byte[] sealedMessage) {
    return client.preparedQuery("INSERT INTO outgoing_mail (account_id, kind, recipient, message) VALUES ($1, $2, $3, $4)"
            + " RETURNING id")
        .execute(Tuple.of(accountId, kind, recipient, Buffer.buffer(sealedMessage)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Messages that left in the last minute, on every node: what the per-minute limit counts. */
  public Future<Integer> sentInLastMinute() {
    return pool.query("SELECT count(*) FROM outgoing_mail WHERE sent_at > now() - interval '1 minute'").execute()
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Up to {@code limit} due messages, each counted as one more attempt and leased for {@code lease}. */
  public Future<List<Queued>> claim(int limit, Duration lease) {
    return pool.preparedQuery("UPDATE outgoing_mail SET attempts = attempts + 1,"
            + " next_attempt_at = now() + make_interval(secs => $2)"
            + " WHERE id IN (SELECT id FROM outgoing_mail WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()"
            + " ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING id, account_id, kind, recipient, message, post_id, thread_id, attempts")
        .execute(Tuple.of(limit, (double) lease.toSeconds()))
        .map(rows -> {
          List<Queued> out = new ArrayList<>();
          for (Row r : rows) {
            Buffer message = r.getBuffer("message");
            out.add(new Queued(r.getLong("id"), r.getLong("account_id"), r.getString("kind"), r.getString("recipient"),
                message == null ? null : message.getBytes(), r.getLong("post_id"), r.getLong("thread_id"),
                r.getInteger("attempts")));
          }
          out.sort(java.util.Comparator.comparingLong(Queued::id));
          return out;
        });
  }

  /** Sent: the message (and the link token in it) is dropped. */
  public Future<Void> sent(long id) {
    return pool.preparedQuery("UPDATE outgoing_mail SET sent_at = now(), message = NULL, last_error = NULL WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** Not sent; tried again after {@code retryIn}. */
  public Future<Void> retry(long id, String error, Duration retryIn) {
    return pool.preparedQuery("UPDATE outgoing_mail SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3)"
            + " WHERE id = $1")
        .execute(Tuple.of(id, error, (double) retryIn.toSeconds())).mapEmpty();
  }

  /** Given up on: kept with its error for the operator, its message dropped. */
  public Future<Void> failed(long id, String error) {
    return pool.preparedQuery("UPDATE outgoing_mail SET failed_at = now(), last_error = $2, message = NULL WHERE id = $1")
        .execute(Tuple.of(id, error)).mapEmpty();
  }

  /** What a notification email says about its post. */
  public record AboutPost(String authorName, String authorHandle, String contentHtml, long threadId, String threadTitle,
      boolean deleted) {}

  public Future<java.util.Optional<AboutPost>> about(long postId) {
    return pool.preparedQuery("SELECT coalesce(act.display_name, act.username) AS name, act.username, act.host, p.content,"
            + " p.thread_id, t.title, p.deleted_at IS NOT NULL AS deleted"
            + " FROM post p JOIN actor act ON act.id = p.author_id JOIN thread t ON t.id = p.thread_id WHERE p.id = $1")
        .execute(Tuple.of(postId))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            return java.util.Optional.<AboutPost>empty();
          }
          Row r = rows.iterator().next();
          String handle = "@" + r.getString("username") + "@" + r.getString("host");
          return java.util.Optional.of(new AboutPost(r.getString("name"), handle, r.getString("content"), r.getLong("thread_id"),
              r.getString("title"), r.getBoolean("deleted")));
        });
  }

  /** Whether {@code postId} is an official response that cites a post of {@code accountId}'s (which also mentions them). */
  public Future<Boolean> responseCites(long postId, long accountId) {
    return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM consultation c"
            + " JOIN consultation_citation cc ON cc.thread_id = c.thread_id JOIN post p ON p.id = cc.post_id"
            + " JOIN account a ON a.actor_id = p.author_id WHERE c.response_post_id = $1 AND a.id = $2)")
        .execute(Tuple.of(postId, accountId)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  /**
   * Forgets sent and failed messages older than {@code keep} (only their recipient and kind are
   * left by then), and email links that expired or were used that long ago.
   */
  public Future<Void> prune(Duration keep) {
    Tuple age = Tuple.of((double) keep.toSeconds());
    return pool.preparedQuery("DELETE FROM outgoing_mail WHERE coalesce(sent_at, failed_at) < now() - make_interval(secs => $1)")
        .execute(age)
        .compose(v -> pool.preparedQuery("DELETE FROM email_token WHERE purpose <> 'unsubscribe'"
            + " AND coalesce(used_at, expires_at) < now() - make_interval(secs => $1)").execute(age))
        .mapEmpty();
  }

  /** A notification whose post is gone or whose person turned it off: nothing to send. */
  public Future<Void> drop(long id) {
    return pool.preparedQuery("DELETE FROM outgoing_mail WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }
}
