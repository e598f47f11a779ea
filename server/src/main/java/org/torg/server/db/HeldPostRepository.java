package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Remote posts held for a moderator's approval (pre-moderation): kept as received until decided. */
public final class HeldPostRepository {

  public record Held(long id, long groupId, long authorId, String objectUri, JsonObject note, JsonObject activity, Instant createdAt) {}

  private final Pool pool;

  public HeldPostRepository(Pool pool) {
    this.pool = pool;
  }

  /** False when the post is held already. */
  public Future<Boolean> insert(long groupId, long authorId, String objectUri, JsonObject note, JsonObject activity) {
    return pool.preparedQuery("INSERT INTO held_post (group_id, author_id, object_uri, note, activity) VALUES ($1, $2, $3, $4, $5)"
            + " ON CONFLICT (object_uri) DO NOTHING").execute(Tuple.of(groupId, authorId, objectUri, note, activity))
        .map(r -> r.rowCount() > 0);
  }

  public Future<List<Held>> ofGroup(long groupId) {
    return pool.preparedQuery("SELECT * FROM held_post WHERE group_id = $1 ORDER BY id LIMIT 200").execute(Tuple.of(groupId))
        .map(rows -> {
          List<Held> out = new ArrayList<>();
          rows.forEach(r -> out.add(toHeld(r)));
          return out;
        });
  }

  public Future<Optional<Held>> findById(long id) {
    return pool.preparedQuery("SELECT * FROM held_post WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toHeld(rows.iterator().next())));
  }

  /** Takes a held post out of the queue; false when someone else already decided it. */
  public Future<Boolean> remove(SqlClient client, long id) {
    return client.preparedQuery("DELETE FROM held_post WHERE id = $1").execute(Tuple.of(id)).map(r -> r.rowCount() == 1);
  }

  private static Held toHeld(Row r) {
    return new Held(r.getLong("id"), r.getLong("group_id"), r.getLong("author_id"), r.getString("object_uri"),
        (JsonObject) r.getValue("note"), r.getValue("activity") instanceof JsonObject a ? a : null,
        r.getOffsetDateTime("created_at").toInstant());
  }
}
