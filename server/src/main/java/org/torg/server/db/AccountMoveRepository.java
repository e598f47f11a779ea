package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.Actor;

/** The actor_alias and actor_move tables (V27): who says they are also whom, and who moved where. */
public final class AccountMoveRepository {

  /** An account's move: where it went, and when. */
  public record Move(String targetUri, Instant movedAt) {}

  private final Pool pool;

  public AccountMoveRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<List<String>> aliases(long actorId) {
    return aliases(pool, actorId);
  }

  public Future<List<String>> aliases(SqlClient client, long actorId) {
    return client.preparedQuery("SELECT alias_uri FROM actor_alias WHERE actor_id = $1 ORDER BY created_at, alias_uri")
        .execute(Tuple.of(actorId)).map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** True when the alias is new; {@code max} bounds how many one account may list (checked in the same statement). */
  public Future<Boolean> addAlias(long actorId, String aliasUri, int max) {
    return pool.preparedQuery("INSERT INTO actor_alias (actor_id, alias_uri) SELECT $1, $2"
            + " WHERE (SELECT count(*) FROM actor_alias WHERE actor_id = $1) < $3 ON CONFLICT DO NOTHING")
        .execute(Tuple.of(actorId, aliasUri, max)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> removeAlias(long actorId, String aliasUri) {
    return pool.preparedQuery("DELETE FROM actor_alias WHERE actor_id = $1 AND alias_uri = $2")
        .execute(Tuple.of(actorId, aliasUri)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> hasAlias(long actorId, String aliasUri) {
    return pool.preparedQuery("SELECT 1 FROM actor_alias WHERE actor_id = $1 AND alias_uri = $2")
        .execute(Tuple.of(actorId, aliasUri)).map(rows -> rows.size() > 0);
  }

  public Future<Optional<Move>> movedTo(long actorId) {
    return movedTo(pool, actorId);
  }

  public Future<Optional<Move>> movedTo(SqlClient client, long actorId) {
    return client.preparedQuery("SELECT target_uri, moved_at FROM actor_move WHERE actor_id = $1").execute(Tuple.of(actorId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(move(rows.iterator().next())));
  }

  /**
   * Records a move; false when the account moved less than {@code cooldown} ago (the row is then
   * left as it is), so a repeated Move, or a second move within the cooldown, changes nothing.
   */
  public Future<Boolean> recordMove(SqlClient tx, long actorId, String targetUri, Duration cooldown) {
    return tx.preparedQuery("INSERT INTO actor_move (actor_id, target_uri) VALUES ($1, $2) ON CONFLICT (actor_id) DO UPDATE"
            + " SET target_uri = EXCLUDED.target_uri, moved_at = now()"
            + " WHERE actor_move.moved_at < now() - make_interval(secs => $3) RETURNING actor_id")
        .execute(Tuple.of(actorId, targetUri, (double) cooldown.toSeconds())).map(rows -> rows.size() == 1);
  }

  /** Local actors following {@code actorId} (accepted follows, as Mastodon moves), a page at a time by id. */
  public Future<List<Actor>> localFollowers(long actorId, long afterId, int limit) {
    return pool.preparedQuery("SELECT " + ActorRepository.columns("a") + " FROM follow f JOIN actor a ON a.id = f.follower_id"
            + " WHERE f.followee_id = $1 AND f.state = 'accepted' AND a.local AND a.deleted_at IS NULL AND a.id > $2 ORDER BY a.id LIMIT $3")
        .execute(Tuple.of(actorId, afterId, limit)).map(rows -> {
          List<Actor> out = new ArrayList<>();
          rows.forEach(r -> out.add(ActorRepository.toActor(r)));
          return out;
        });
  }

  /** Local actors that block {@code actorId} (Mastodon carries at most what one account can have; so does this). */
  public Future<List<Actor>> localBlockers(long actorId, int limit) {
    return localActors("SELECT " + ActorRepository.columns("a") + " FROM actor_block b JOIN actor a ON a.id = b.blocker_id"
        + " WHERE b.blocked_id = $1 AND a.local AND a.deleted_at IS NULL ORDER BY a.id LIMIT $2", actorId, limit);
  }

  /** Local actors that mute {@code actorId}. */
  public Future<List<Actor>> localMuters(long actorId, int limit) {
    return localActors("SELECT " + ActorRepository.columns("a") + " FROM actor_mute m JOIN actor a ON a.id = m.muter_id"
        + " WHERE m.muted_id = $1 AND a.local AND a.deleted_at IS NULL ORDER BY a.id LIMIT $2", actorId, limit);
  }

  private Future<List<Actor>> localActors(String sql, long actorId, int limit) {
    return pool.preparedQuery(sql).execute(Tuple.of(actorId, limit)).map(rows -> {
      List<Actor> out = new ArrayList<>();
      rows.forEach(r -> out.add(ActorRepository.toActor(r)));
      return out;
    });
  }

  private static Move move(Row r) {
    return new Move(r.getString(0), r.getOffsetDateTime(1).toInstant());
  }
}
