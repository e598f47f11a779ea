package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Delete;
import org.torg.server.convert.ApToModel;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.processing.posts.RemotePosts;

/**
 * Delete of a remote actor by itself (the actor is marked deleted and its follows removed), or
 * of a post by its author (it becomes a tombstone here, and the Group passes the Delete on).
 */
final class DeleteReceived extends InboundHandler<Delete> {

  private final ActorRepository actors;
  private final FollowRepository follows;
  private final RemotePosts remotePosts;

  DeleteReceived(ActorRepository actors, FollowRepository follows, RemotePosts remotePosts) {
    this.actors = actors;
    this.follows = follows;
    this.remotePosts = remotePosts;
  }

  @Override
  Future<Optional<String>> verify(Delete delete) {
    if (!delete.object().id().equals(delete.actor()) && !ApToModel.sameAuthority(delete.object().id(), delete.actor())) {
      return ignore("object_not_on_the_actors_server");
    }
    return actors.findByUri(delete.actor()).compose(actor -> actor.isPresent() && !actor.get().local()
        ? proceed() : ignore("unknown_actor"));
  }

  @Override
  Future<String> receive(Delete delete) {
    return actors.findByUri(delete.actor()).map(Optional::orElseThrow).compose(actor -> {
      if (delete.object().id().equals(delete.actor())) {
        return actors.markDeleted(actor.id()).compose(v -> follows.deleteAllOf(actor.id())).map(removed -> "actor_deleted");
      }
      return remotePosts.delete(delete.object().id(), actor, delete.raw());
    });
  }
}
