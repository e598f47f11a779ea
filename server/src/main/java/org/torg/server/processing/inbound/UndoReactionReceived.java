package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Undo;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.PostRepository.Reaction;

/** Undo(Like) and Undo(Announce) of a Torg post: the like or share is taken back, by the actor who gave it. */
final class UndoReactionReceived extends InboundHandler<Undo> {

  private final PostRepository posts;
  private final ActorRepository actors;

  UndoReactionReceived(PostRepository posts, ActorRepository actors) {
    this.posts = posts;
    this.actors = actors;
  }

  @Override
  Future<Optional<String>> verify(Undo undo) {
    return proceed();
  }

  @Override
  Future<String> receive(Undo undo) {
    return posts.reactionByActivity(undo.object().id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture("ignored:unknown_reaction");
      }
      long[] r = found.get();
      return actors.findById(r[1]).compose(actor -> actor.isEmpty() || !actor.get().uri().equals(undo.actor())
          ? Future.succeededFuture("ignored:not_the_actors_own")
          : posts.pool().withTransaction(tx -> posts.removeReaction(tx, r[0], r[1], Reaction.values()[(int) r[2]]))
              .map(removed -> removed.isPresent() ? "reaction_undone" : "ignored:unknown_reaction"));
    });
  }
}
