package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.torg.server.model.Actor;

/** The actor_block, actor_mute and actor_domain_block tables (V24): what one person blocks or mutes. */
public final class PersonalBlockRepository {

  /** What a reader does not want to see: actors (blocked or muted, either way for blocks) and servers. */
  public record Hidden(Set<Long> actors, Set<String> domains) {

    public static final Hidden NONE = new Hidden(Set.of(), Set.of());

    public boolean isEmpty() {
      return actors.isEmpty() && domains.isEmpty();
    }

    public boolean hides(Actor author) {
      return actors.contains(author.id()) || (!author.local() && domains.contains(author.host()));
    }
  }

  private final Pool pool;

  public PersonalBlockRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** False when the block was there already. */
  public Future<Boolean> block(SqlClient tx, long blockerId, long blockedId, JsonObject activity) {
    return tx.preparedQuery("INSERT INTO actor_block (blocker_id, blocked_id, activity) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(blockerId, blockedId, activity)).map(rows -> rows.rowCount() == 1);
  }

  /** The removed block's activity (an unblock's Undo embeds it); empty when there was none. */
  public Future<Optional<JsonObject>> unblock(SqlClient tx, long blockerId, long blockedId) {
    return tx.preparedQuery("DELETE FROM actor_block WHERE blocker_id = $1 AND blocked_id = $2 RETURNING activity")
        .execute(Tuple.of(blockerId, blockedId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Optional.ofNullable(rows.iterator().next().getJsonObject(0))
            .orElse(new JsonObject())));
  }

  public Future<Boolean> isBlocked(long blockerId, long blockedId) {
    return pool.preparedQuery("SELECT 1 FROM actor_block WHERE blocker_id = $1 AND blocked_id = $2")
        .execute(Tuple.of(blockerId, blockedId)).map(rows -> rows.size() > 0);
  }

  public Future<Boolean> mute(long muterId, long mutedId) {
    return pool.preparedQuery("INSERT INTO actor_mute (muter_id, muted_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(muterId, mutedId)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> unmute(long muterId, long mutedId) {
    return pool.preparedQuery("DELETE FROM actor_mute WHERE muter_id = $1 AND muted_id = $2")
        .execute(Tuple.of(muterId, mutedId)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> blockDomain(long actorId, String domain) {
    return pool.preparedQuery("INSERT INTO actor_domain_block (actor_id, domain) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(actorId, domain)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> unblockDomain(long actorId, String domain) {
    return pool.preparedQuery("DELETE FROM actor_domain_block WHERE actor_id = $1 AND domain = $2")
        .execute(Tuple.of(actorId, domain)).map(rows -> rows.rowCount() == 1);
  }

  /** The actors this one blocks (newest first). */
  public Future<List<Actor>> blocked(long blockerId) {
    return actors("SELECT " + ActorRepository.columns("a") + " FROM actor_block b JOIN actor a ON a.id = b.blocked_id"
        + " WHERE b.blocker_id = $1 ORDER BY b.created_at DESC LIMIT 1000", blockerId);
  }

  public Future<List<Actor>> muted(long muterId) {
    return actors("SELECT " + ActorRepository.columns("a") + " FROM actor_mute m JOIN actor a ON a.id = m.muted_id"
        + " WHERE m.muter_id = $1 ORDER BY m.created_at DESC LIMIT 1000", muterId);
  }

  public Future<List<String>> blockedDomains(long actorId) {
    return pool.preparedQuery("SELECT domain FROM actor_domain_block WHERE actor_id = $1 ORDER BY domain LIMIT 1000")
        .execute(Tuple.of(actorId)).map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** What {@code readerId} does not see: whom they block or mute, who blocks them, the servers they block. One query. */
  public Future<Hidden> hiddenFrom(long readerId) {
    return pool.preparedQuery("SELECT blocked_id, NULL FROM actor_block WHERE blocker_id = $1"
            + " UNION ALL SELECT blocker_id, NULL FROM actor_block WHERE blocked_id = $1"
            + " UNION ALL SELECT muted_id, NULL FROM actor_mute WHERE muter_id = $1"
            + " UNION ALL SELECT NULL, domain FROM actor_domain_block WHERE actor_id = $1")
        .execute(Tuple.of(readerId)).map(rows -> {
          Set<Long> actors = new HashSet<>();
          Set<String> domains = new HashSet<>();
          rows.forEach(r -> {
            if (r.getLong(0) != null) {
              actors.add(r.getLong(0));
            } else {
              domains.add(r.getString(1));
            }
          });
          return actors.isEmpty() && domains.isEmpty() ? Hidden.NONE : new Hidden(Set.copyOf(actors), Set.copyOf(domains));
        });
  }

  private Future<List<Actor>> actors(String sql, long id) {
    return pool.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
      List<Actor> out = new ArrayList<>();
      rows.forEach(r -> out.add(ActorRepository.toActor(r)));
      return out;
    });
  }
}
