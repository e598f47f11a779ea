package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.ReplyPolicy;

/** The Groups this instance hosts: their actors with their settings and follower counts. */
public final class GroupProfileRepository {

  private static final String SELECT = "SELECT " + ActorRepository.columns("act") + ", coalesce(gp.reply_policy, 'anyone')"
      + " AS reply_policy, (SELECT count(*) FROM follow f WHERE f.followee_id = act.id AND f.state = 'accepted') AS followers"
      + " FROM actor act LEFT JOIN group_profile gp ON gp.actor_id = act.id"
      + " WHERE act.local AND act.type = 'Group' AND act.deleted_at IS NULL";

  private final Pool pool;

  public GroupProfileRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Void> insert(SqlClient tx, long actorId, ReplyPolicy policy, Long createdBy) {
    return tx.preparedQuery("INSERT INTO group_profile (actor_id, reply_policy, created_by) VALUES ($1, $2, $3)")
        .execute(Tuple.of(actorId, policy.wire(), createdBy)).mapEmpty();
  }

  public Future<Optional<LocalGroup>> find(String name) {
    return pool.preparedQuery(SELECT + " AND act.username = $1").execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toGroup(rows.iterator().next())));
  }

  public Future<Optional<LocalGroup>> findByActorId(long actorId) {
    return pool.preparedQuery(SELECT + " AND act.id = $1").execute(Tuple.of(actorId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toGroup(rows.iterator().next())));
  }

  /** Every Group, by name; an instance hosts tens of them, not thousands. */
  public Future<List<LocalGroup>> all() {
    return pool.query(SELECT + " ORDER BY act.username").execute().map(rows -> {
      List<LocalGroup> out = new ArrayList<>();
      rows.forEach(r -> out.add(toGroup(r)));
      return out;
    });
  }

  public Future<Boolean> premoderated(long actorId) {
    return pool.preparedQuery("SELECT premoderation FROM group_profile WHERE actor_id = $1").execute(Tuple.of(actorId))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
  }

  public Future<Void> setPremoderation(SqlClient tx, long actorId, boolean on) {
    return tx.preparedQuery("INSERT INTO group_profile (actor_id, premoderation) VALUES ($1, $2)"
            + " ON CONFLICT (actor_id) DO UPDATE SET premoderation = $2").execute(Tuple.of(actorId, on)).mapEmpty();
  }

  public Future<Void> setReplyPolicy(SqlClient tx, long actorId, ReplyPolicy policy) {
    return tx.preparedQuery("INSERT INTO group_profile (actor_id, reply_policy) VALUES ($1, $2)"
            + " ON CONFLICT (actor_id) DO UPDATE SET reply_policy = $2").execute(Tuple.of(actorId, policy.wire())).mapEmpty();
  }

  private static LocalGroup toGroup(Row r) {
    return new LocalGroup(ActorRepository.toActor(r), ReplyPolicy.fromWire(r.getString("reply_policy")).orElseThrow(),
        r.getLong("followers"));
  }
}
