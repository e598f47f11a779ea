package org.torg.server.processing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.FollowRepository.Follow;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.remote.RemoteActors;

/**
 * Local actors following others. A remote follow is pending until the followee's Accept
 * arrives; the Follow as sent is kept, because Undo must embed it (INTEROP §4).
 */
public final class Follows {

  private final ActorRepository actors;
  private final RemoteActors remoteActors;
  private final FollowRepository follows;
  private final Outbox outbox;
  private final ActivityDocuments documents;

  public Follows(ActorRepository actors, RemoteActors remoteActors, FollowRepository follows, Outbox outbox, ActivityDocuments documents) {
    this.actors = actors;
    this.remoteActors = remoteActors;
    this.follows = follows;
    this.outbox = outbox;
    this.documents = documents;
  }

  /** Follows the actor at {@code targetUri}; a repeated follow sends the Follow again. */
  public Future<Follow> follow(Actor follower, String targetUri) {
    if (!follower.local()) {
      return Future.failedFuture(new IllegalArgumentException("only local actors follow from here"));
    }
    return remoteActors.resolve(targetUri).compose(target -> {
      if (target.id() == follower.id()) {
        return Future.failedFuture(new HttpError(422, "invalid_target", "An actor cannot follow itself."));
      }
      if (target.deleted()) {
        return Future.failedFuture(new HttpError(410, "gone", "That account was deleted."));
      }
      if (target.local()) {
        // Both here: no activity to send; the local followee's own approval setting applies.
        var state = target.manuallyApprovesFollowers() ? FollowRepository.State.pending : FollowRepository.State.accepted;
        return actors.pool().withTransaction(tx -> follows.upsert(tx, follower.id(), target.id(), state, "local:" + follower.id() + ":" + target.id(), null));
      }
      JsonObject follow = documents.follow(follower, target);
      return outbox.inTransaction(tx -> follows.upsert(tx, follower.id(), target.id(), FollowRepository.State.pending, follow.getString("id"), follow)
          .compose(stored -> outbox.send(tx, follower, follow, List.of(target.inbox())).map(stored)));
    });
  }

  /** Stops following; a remote followee gets Undo(Follow) with the Follow embedded. */
  public Future<Boolean> unfollow(Actor follower, Actor target) {
    return follows.find(follower.id(), target.id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(false);
      }
      JsonObject sent = found.get().activity();
      return outbox.inTransaction(tx -> follows.delete(tx, follower.id(), target.id())
          .compose(deleted -> target.local() || sent == null
              ? Future.succeededFuture(deleted)
              : outbox.send(tx, follower, documents.undo(follower, sent, target.uri()), List.of(target.inbox())).map(deleted)));
    });
  }
}
