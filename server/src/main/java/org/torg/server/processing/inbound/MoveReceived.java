package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Other;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.processing.moves.MovesIn;

/**
 * An account elsewhere moved ({@code Move}, actor and object the old account, target the new):
 * the signer was checked to be the actor when the activity was received, so only the old account
 * itself can move its followers; the rest of the checks are MovesIn's.
 */
final class MoveReceived extends InboundHandler<Other> {

  private final MovesIn moves;

  MoveReceived(MovesIn moves) {
    this.moves = moves;
  }

  @Override
  Future<Optional<String>> verify(Other move) {
    String object = ObjectRef.of(move.raw().getValue("object")).map(ObjectRef::id).orElse("");
    if (!object.equals(move.actor())) {
      return ignore("not_the_actors_move");
    }
    Optional<String> target = target(move);
    if (target.isEmpty()) {
      return ignore("no_target");
    }
    return target.get().equals(move.actor()) ? ignore("move_to_itself") : proceed();
  }

  @Override
  Future<String> receive(Other move) {
    return moves.received(move.actor(), target(move).orElseThrow());
  }

  private static Optional<String> target(Other move) {
    return ObjectRef.of(move.raw().getValue("target")).map(ObjectRef::id)
        .filter(id -> (id.startsWith("https://") || id.startsWith("http://")) && id.length() <= 2000);
  }
}
