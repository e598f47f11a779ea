package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import org.torg.server.model.Sanction;

/** Sanctions on single actors (actor_sanction) and bans from one Group (group_ban). */
public final class SanctionRepository {

  private final Pool pool;

  public SanctionRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<Sanction>> of(long actorId) {
    return pool.preparedQuery("SELECT level FROM actor_sanction WHERE actor_id = $1").execute(Tuple.of(actorId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Sanction.fromWire(rows.iterator().next().getString(0)));
  }

  public Future<Void> set(SqlClient tx, long actorId, Sanction level, String reason, Long by) {
    return tx.preparedQuery("INSERT INTO actor_sanction (actor_id, level, reason, created_by) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT (actor_id) DO UPDATE SET level = $2, reason = $3, created_by = $4, created_at = now()")
        .execute(Tuple.of(actorId, level.wire(), reason, by)).mapEmpty();
  }

  public Future<Boolean> lift(SqlClient tx, long actorId) {
    return tx.preparedQuery("DELETE FROM actor_sanction WHERE actor_id = $1").execute(Tuple.of(actorId)).map(r -> r.rowCount() > 0);
  }

  /** The ids of suspended remote actors: the inbox drops what they send. */
  public Future<Set<String>> suspendedRemoteUris() {
    return pool.query("SELECT a.uri FROM actor_sanction s JOIN actor a ON a.id = s.actor_id WHERE s.level = 'suspend' AND NOT a.local")
        .execute().map(rows -> {
          Set<String> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  public Future<Boolean> isBanned(long groupId, long actorId) {
    return pool.preparedQuery("SELECT 1 FROM group_ban WHERE group_id = $1 AND actor_id = $2").execute(Tuple.of(groupId, actorId))
        .map(rows -> rows.size() > 0);
  }

  public Future<Boolean> ban(SqlClient tx, long groupId, long actorId, String reason, Long by) {
    return tx.preparedQuery("INSERT INTO group_ban (group_id, actor_id, reason, created_by) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT DO NOTHING").execute(Tuple.of(groupId, actorId, reason, by)).map(r -> r.rowCount() > 0);
  }

  public Future<Boolean> unban(SqlClient tx, long groupId, long actorId) {
    return tx.preparedQuery("DELETE FROM group_ban WHERE group_id = $1 AND actor_id = $2").execute(Tuple.of(groupId, actorId))
        .map(r -> r.rowCount() > 0);
  }

  /** A Group's bans, newest first: {actor (id), handle, reason, createdAt}. */
  public Future<List<JsonObject>> bans(long groupId) {
    return pool.preparedQuery("SELECT a.uri, a.username, a.host, b.reason, b.created_at FROM group_ban b JOIN actor a ON a.id = b.actor_id"
            + " WHERE b.group_id = $1 ORDER BY b.created_at DESC").execute(Tuple.of(groupId))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(new JsonObject().put("actor", r.getString(0))
              .put("handle", "@" + r.getString(1) + "@" + r.getString(2)).put("reason", r.getString(3))
              .put("createdAt", r.getOffsetDateTime(4).toInstant().toString())));
          return out;
        });
  }
}
