package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Undo;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;

/** Undo(Follow): the follower leaves. Only the actor that sent the Follow may undo it. */
final class UndoReceived extends InboundHandler<Undo> {

  private final ActorRepository actors;
  private final FollowRepository follows;

  UndoReceived(ActorRepository actors, FollowRepository follows) {
    this.actors = actors;
    this.follows = follows;
  }

  @Override
  Future<Optional<String>> verify(Undo undo) {
    Optional<String> type = undo.object().embeddedType();
    if (type.isPresent() && !type.get().equals("Follow")) {
      return ignore("unsupported_undo_" + (type.get().matches("[A-Za-z]{1,20}") ? type.get() : "other"));
    }
    if (undo.object().embedded().isPresent()) {
      String undoneActor = ObjectRef.of(undo.object().embedded().get().getValue("actor")).map(ObjectRef::id).orElse("");
      if (!undoneActor.equals(undo.actor())) {
        return ignore("not_the_followers_own_follow");
      }
    }
    return proceed();
  }

  @Override
  Future<String> receive(Undo undo) {
    // The Follow is found by its id as stored, or else by who follows whom as embedded.
    return follows.findByActivityUri(undo.object().id()).compose(byId -> {
      if (byId.isPresent()) {
        return actors.findById(byId.get().followerId()).compose(follower ->
            follower.isPresent() && follower.get().uri().equals(undo.actor())
                ? follows.delete(actors.pool(), byId.get().followerId(), byId.get().followeeId()).map(d -> d ? "unfollowed" : "not_following")
                : Future.succeededFuture("ignored:not_the_followers_own_follow"));
      }
      String followee = undo.object().embedded()
          .flatMap(o -> ObjectRef.of(o.getValue("object"))).map(ObjectRef::id).orElse(null);
      if (followee == null) {
        return Future.succeededFuture("not_following");
      }
      Future<Optional<org.torg.server.model.Actor>> from = actors.findByUri(undo.actor());
      Future<Optional<org.torg.server.model.Actor>> to = actors.findByUri(followee);
      return Future.all(from, to).compose(both -> from.result().isEmpty() || to.result().isEmpty()
          ? Future.succeededFuture("not_following")
          : follows.delete(actors.pool(), from.result().get().id(), to.result().get().id()).map(d -> d ? "unfollowed" : "not_following"));
    });
  }
}
