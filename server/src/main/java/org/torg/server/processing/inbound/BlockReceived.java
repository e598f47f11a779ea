package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity;
import org.torg.federation.vocab.InboundActivity.Other;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.db.ActorRepository;
import org.torg.server.model.Actor;
import org.torg.server.processing.accounts.PersonalBlocks;
import org.torg.server.processing.remote.RemoteActors;

/**
 * Someone elsewhere blocks someone here ({@code Block}), or takes it back ({@code Undo} of it):
 * remembered, so neither is shown the other here, and the follows between them end, as Mastodon
 * does. Mastodon sends a Block to the blocked actor alone; it is never shown to them.
 */
final class BlockReceived {

  private final ActorRepository actors;
  private final RemoteActors remoteActors;
  private final PersonalBlocks blocks;

  BlockReceived(ActorRepository actors, RemoteActors remoteActors, PersonalBlocks blocks) {
    this.actors = actors;
    this.remoteActors = remoteActors;
    this.blocks = blocks;
  }

  final InboundHandler<Other> block = new InboundHandler<>() {
    @Override
    Future<Optional<String>> verify(Other block) {
      return localObject(block.raw().getValue("object")).compose(found -> found.isEmpty() ? ignore("unknown_object") : proceed());
    }

    @Override
    Future<String> receive(Other block) {
      return localObject(block.raw().getValue("object")).compose(blocked -> remoteActors.resolve(block.actor())
          .compose(blocker -> blocks.blockedBy(blocker, blocked.orElseThrow(), block.raw())));
    }
  };

  final InboundHandler<InboundActivity.Undo> undo = new InboundHandler<>() {
    @Override
    Future<Optional<String>> verify(InboundActivity.Undo undo) {
      // The Undo's Block must be the undoer's own.
      String blocker = undo.object().embedded().map(b -> ObjectRef.of(b.getValue("actor")).map(ObjectRef::id).orElse("")).orElse("");
      if (!blocker.equals(undo.actor())) {
        return ignore("not_the_actors_block");
      }
      return localObject(undo.object().embedded().orElseThrow().getValue("object"))
          .compose(found -> found.isEmpty() ? ignore("unknown_object") : proceed());
    }

    @Override
    Future<String> receive(InboundActivity.Undo undo) {
      return localObject(undo.object().embedded().orElseThrow().getValue("object")).compose(blocked -> actors.findByUri(undo.actor())
          .compose(blocker -> blocker.isEmpty() ? Future.succeededFuture("ignored:not_blocked")
              : blocks.unblockedBy(blocker.get(), blocked.orElseThrow())));
    }
  };

  /** The local actor an activity's object names. */
  private Future<Optional<Actor>> localObject(Object object) {
    Optional<ObjectRef> ref = ObjectRef.of(object);
    return ref.isEmpty() ? Future.succeededFuture(Optional.empty())
        : actors.findByUri(ref.get().id()).map(a -> a.filter(Actor::local));
  }
}
