package org.torg.server.processing.moves;

import io.vertx.core.Future;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.remote.RemoteActors;

/**
 * A {@code Move} received from elsewhere, checked as Mastodon's Move handler checks it: the target,
 * fetched afresh, lists the old actor in {@code alsoKnownAs}; then the old actor is marked moved and
 * every local follower of it follows the target instead (FollowerMigration). A repeated Move, or a
 * second one within 30 days, changes nothing.
 */
public final class MovesIn {

  private final RemoteActors remoteActors;
  private final AccountMoveRepository moves;
  private final MoveChecks checks;
  private final FollowerMigration migration;

  public MovesIn(RemoteActors remoteActors, AccountMoveRepository moves, MoveChecks checks, FollowerMigration migration) {
    this.remoteActors = remoteActors;
    this.moves = moves;
    this.checks = checks;
    this.migration = migration;
  }

  /** The outcome code to record: {@code moved:N} (followers moved) or {@code ignored:why}. */
  public Future<String> received(String oldUri, String targetUri) {
    return remoteActors.resolve(oldUri).compose(old -> {
      if (old.local()) {
        return Future.succeededFuture("ignored:local_actor");
      }
      return moves.movedTo(old.id()).compose(moved -> {
        if (moved.isPresent() && moved.get().movedAt().plus(MovesOut.COOLDOWN).isAfter(java.time.Instant.now())) {
          return Future.succeededFuture("ignored:repeated_move");
        }
        return checks.target(targetUri).compose(target -> {
          if (!target.lists(old.uri())) {
            return Future.succeededFuture("ignored:target_without_alias");
          }
          if (target.actor().id() == old.id()) {
            return Future.succeededFuture("ignored:move_to_itself");
          }
          return moves.pool().withTransaction(tx -> moves.recordMove(tx, old.id(), target.actor().uri(), MovesOut.COOLDOWN))
              .compose(recorded -> recorded ? migrate(old, target.actor()) : Future.succeededFuture("ignored:repeated_move"));
        }, e -> Future.succeededFuture(e instanceof HttpError ? "ignored:unknown_target" : "ignored:target_unreachable"));
      });
    });
  }

  private Future<String> migrate(Actor old, Actor target) {
    return migration.migrate(old, target).map(n -> "moved:" + n);
  }
}
