package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.Actor;

/**
 * A local account's notifications: replies to its posts and mentions of it. Rows are written by
 * the database itself when a post is stored (trigger {@code post_notifies}, V10), whichever way
 * the post arrived; this reads and acknowledges them.
 */
public final class NotificationRepository {

  /** One notification with what a list shows of its post; {@code threadId} leads to the post in its thread. */
  public record Notification(long id, long accountId, String kind, Instant at, boolean read, long postId, String postUrl, long threadId,
      String threadTitle, String content, Actor from) {}

  private final Pool pool;

  public NotificationRepository(Pool pool) {
    this.pool = pool;
  }

  /** Newest first, before the id {@code before}; posts deleted since are left out. */
  public Future<List<Notification>> page(long accountId, long before, int limit) {
    return select("n.account_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3", Tuple.of(accountId, before, limit));
  }

  /**
   * Every account's notifications after {@code afterId}, and those of the ids in {@code late}
   * (not committed yet when read before), oldest first: what live streams send.
   */
  public Future<List<Notification>> after(long afterId, Long[] late, int limit) {
    return select("(n.id > $1 OR n.id = ANY($2)) ORDER BY n.id LIMIT $3", Tuple.of(afterId, late, limit));
  }

  /** One account's notifications after {@code afterId}, oldest first: what a resumed stream missed. */
  public Future<List<Notification>> ofAccountAfter(long accountId, long afterId, int limit) {
    return select("n.account_id = $1 AND n.id > $2 ORDER BY n.id LIMIT $3", Tuple.of(accountId, afterId, limit));
  }

  /** The newest notification's id (0 when there is none): where a node starts following them. */
  public Future<Long> newest() {
    return pool.query("SELECT coalesce(max(id), 0) FROM notification").execute().map(rows -> rows.iterator().next().getLong(0));
  }

  private Future<List<Notification>> select(String whereAndOrder, Tuple args) {
    return pool.preparedQuery("SELECT n.id AS n_id, n.account_id, n.kind, n.created_at AS n_at, n.read_at, p.id AS p_id,"
            + " coalesce(p.url, p.uri) AS p_url, p.thread_id, t.title AS t_title, p.content AS p_content, "
            + ActorRepository.columns("act")
            + " FROM notification n JOIN post p ON p.id = n.post_id JOIN thread t ON t.id = p.thread_id"
            + " JOIN actor act ON act.id = n.actor_id JOIN account acc ON acc.id = n.account_id"
            // Nothing from whom the person blocks or mutes, who blocks them, or a server they block (V24).
            + " WHERE p.deleted_at IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM actor_block b WHERE (b.blocker_id = acc.actor_id AND b.blocked_id = act.id)"
            + " OR (b.blocker_id = act.id AND b.blocked_id = acc.actor_id))"
            + " AND NOT EXISTS (SELECT 1 FROM actor_mute m WHERE m.muter_id = acc.actor_id AND m.muted_id = act.id)"
            + " AND (act.local OR NOT EXISTS (SELECT 1 FROM actor_domain_block d WHERE d.actor_id = acc.actor_id"
            + " AND d.domain = act.host))"
            + " AND " + whereAndOrder)
        .execute(args)
        .map(rows -> {
          List<Notification> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Notification(r.getLong("n_id"), r.getLong("account_id"), r.getString("kind"),
              r.getOffsetDateTime("n_at").toInstant(), r.getOffsetDateTime("read_at") != null, r.getLong("p_id"),
              r.getString("p_url"), r.getLong("thread_id"), r.getString("t_title"), r.getString("p_content"),
              ActorRepository.toActor(r))));
          return out;
        });
  }

  public Future<Long> countUnread(long accountId) {
    return pool.preparedQuery("SELECT count(*) FROM notification WHERE account_id = $1 AND read_at IS NULL")
        .execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Marks every notification up to {@code upTo} (all, when empty) read; answers how many were unread. */
  public Future<Integer> markRead(long accountId, Optional<Long> upTo, Instant at) {
    return pool.preparedQuery("UPDATE notification SET read_at = $3 WHERE account_id = $1 AND read_at IS NULL AND id <= $2")
        .execute(Tuple.of(accountId, upTo.orElse(Long.MAX_VALUE), OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)))
        .map(rows -> rows.rowCount());
  }
}
