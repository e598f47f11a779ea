package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Delete;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;

/**
 * Delete of a remote actor by itself: the actor is marked deleted and its follows removed. Deletes
 * of posts belong to the threads issue and are ignored here.
 */
final class DeleteReceived extends InboundHandler<Delete> {

  private final ActorRepository actors;
  private final FollowRepository follows;

  DeleteReceived(ActorRepository actors, FollowRepository follows) {
    this.actors = actors;
    this.follows = follows;
  }

  @Override
  Future<Optional<String>> verify(Delete delete) {
    if (!delete.object().id().equals(delete.actor())) {
      return ignore("not_an_actor_delete");
    }
    return actors.findByUri(delete.actor()).compose(actor -> actor.isPresent() && !actor.get().local()
        ? proceed() : ignore("unknown_actor"));
  }

  @Override
  Future<String> receive(Delete delete) {
    return actors.findByUri(delete.actor()).map(Optional::orElseThrow)
        .compose(actor -> actors.markDeleted(actor.id()).compose(v -> follows.deleteAllOf(actor.id())))
        .map(removed -> "actor_deleted");
  }
}
