package org.torg.server.processing.moves;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.convert.MoveDocuments;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Principal;
import org.torg.server.processing.ActorUpdates;
import org.torg.server.processing.accounts.AccountProfiles;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.remote.ActorLookup;

/**
 * A person moves their account elsewhere, as on Mastodon: the new account must already list this
 * one in its {@code alsoKnownAs}; then this actor gets {@code movedTo} (sent as Update), every
 * follower's server gets {@code Move}, and followers here follow the new account at once. The old
 * account stays, shows where it went and refuses new posts. One move per 30 days.
 */
public final class MovesOut {

  /** Mastodon's AccountMigration cooldown. */
  public static final Duration COOLDOWN = Duration.ofDays(30);
  private static final Logger LOG = LoggerFactory.getLogger(MovesOut.class);

  /** A move done: where to. */
  public record Moved(String target, String handle) {}

  private final AccountMoveRepository moves;
  private final FollowRepository follows;
  private final ActorLookup lookup;
  private final MoveChecks checks;
  private final AccountProfiles profiles;
  private final ActorUpdates updates;
  private final Outbox outbox;
  private final MoveDocuments documents;
  private final FollowerMigration migration;

  public MovesOut(AccountMoveRepository moves, FollowRepository follows, ActorLookup lookup, MoveChecks checks,
      AccountProfiles profiles, ActorUpdates updates, Outbox outbox, MoveDocuments documents, FollowerMigration migration) {
    this.moves = moves;
    this.follows = follows;
    this.lookup = lookup;
    this.checks = checks;
    this.profiles = profiles;
    this.updates = updates;
    this.outbox = outbox;
    this.documents = documents;
    this.migration = migration;
  }

  public Future<Optional<AccountMoveRepository.Move>> movedTo(Actor me) {
    return moves.movedTo(me.id());
  }

  public Future<Moved> move(Principal principal, String target, String password) {
    Actor me = principal.account().actor();
    if (target == null || target.isBlank() || target.length() > Aliases.MAX_QUERY) {
      return Future.failedFuture(new HttpError(422, "invalid_target", "Give the new account's handle (@name@host) or URL."));
    }
    return profiles.checkPassword(principal, password)
        .compose(ok -> moves.movedTo(me.id()))
        .compose(moved -> moved.isPresent() && moved.get().movedAt().plus(COOLDOWN).isAfter(java.time.Instant.now())
            ? Future.failedFuture(new HttpError(409, "already_moved",
                "This account moved less than 30 days ago; it can move again 30 days after its last move."))
            : lookup.find(target).recover(e -> Future.failedFuture(e instanceof HttpError h && h.status() == 404
                ? new HttpError(422, "unknown_target", h.getMessage()) : e)))
        .compose(found -> {
          if (found.id() == me.id()) {
            return Future.failedFuture(new HttpError(422, "invalid_target", "An account cannot move to itself."));
          }
          return checks.target(found.uri());
        })
        .compose(checked -> {
          if (!checked.lists(me.uri())) {
            return Future.failedFuture(new HttpError(422, "no_alias", "The account " + checked.actor().handle()
                + " does not list this one as an alias (alsoKnownAs); add " + me.handle() + " there first."));
          }
          Actor newAccount = checked.actor();
          return outbox.inTransaction(tx -> moves.recordMove(tx, me.id(), newAccount.uri(), COOLDOWN).compose(recorded -> {
            if (!recorded) {
              return Future.failedFuture(new HttpError(409, "already_moved", "This account moved less than 30 days ago."));
            }
            return updates.sendCurrent(tx, me)
                .compose(v -> follows.remoteFollowerInboxes(tx, me.id()))
                .compose(inboxes -> outbox.send(tx, me, documents.move(me, newAccount.uri()), inboxes));
          })).map(v -> {
            // Followers here follow the new account after the answer: a large following takes a while.
            migration.migrate(me, newAccount)
                .onSuccess(n -> LOG.info("{} moved to {}: {} local followers follow it now", me.uri(), newAccount.uri(), n))
                .onFailure(e -> LOG.warn("moving {}'s local followers to {} failed: {}", me.uri(), newAccount.uri(), e.getMessage()));
            return new Moved(newAccount.uri(), newAccount.handle());
          });
        });
  }
}
