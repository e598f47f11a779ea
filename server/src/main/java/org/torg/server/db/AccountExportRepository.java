package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** What a person's data export reads, a page at a time: whom they follow and the posts they wrote. */
public final class AccountExportRepository {

  /** One followed account: the follow's id (the page key) and the account's address. */
  public record Followed(long followId, String username, String host) {}

  /**
   * One Create the person sent, with its row id (the page key), and the post's text as it is now
   * when it was edited since ({@code editedAt} null: never edited).
   */
  public record Written(long id, JsonObject create, String content, String name, java.time.Instant editedAt) {}

  /** Creates of posts that still exist: a deleted post leaves the export, as it leaves Mastodon's archive. */
  private static final String LIVE_CREATES = "o.actor_id = $1 AND o.type = 'Create' AND (p.id IS NULL OR p.deleted_at IS NULL)";
  private static final String WITH_POST = " FROM outbox_activity o LEFT JOIN post p ON p.uri = o.body->'object'->>'id'";

  private final Pool pool;

  public AccountExportRepository(Pool pool) {
    this.pool = pool;
  }

  /** Accepted follows, newest first (Mastodon's order), those with a follow id below {@code beforeId}. */
  public Future<List<Followed>> following(long actorId, long beforeId, int limit) {
    return pool.preparedQuery("SELECT f.id, a.username, a.host FROM follow f JOIN actor a ON a.id = f.followee_id"
            + " WHERE f.follower_id = $1 AND f.state = 'accepted' AND a.deleted_at IS NULL AND f.id < $2 ORDER BY f.id DESC LIMIT $3")
        .execute(Tuple.of(actorId, beforeId, limit)).map(rows -> {
          List<Followed> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Followed(r.getLong(0), r.getString(1), r.getString(2))));
          return out;
        });
  }

  public Future<Long> countWritten(long actorId) {
    return pool.preparedQuery("SELECT count(*)" + WITH_POST + " WHERE " + LIVE_CREATES).execute(Tuple.of(actorId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The person's Creates, oldest first, after row {@code afterId}. */
  public Future<List<Written>> written(long actorId, long afterId, int limit) {
    return pool.preparedQuery("SELECT o.id, o.body, p.content, p.name, p.edited_at" + WITH_POST + " WHERE " + LIVE_CREATES
            + " AND o.id > $2 ORDER BY o.id LIMIT $3")
        .execute(Tuple.of(actorId, afterId, limit)).map(rows -> {
          List<Written> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Written(r.getLong(0), (JsonObject) r.getValue(1), r.getString(2), r.getString(3),
              r.getOffsetDateTime(4) == null ? null : r.getOffsetDateTime(4).toInstant())));
          return out;
        });
  }
}
