package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Update;
import org.torg.server.model.ActorType;
import org.torg.server.processing.remote.RemoteActors;

/**
 * Update of a remote actor's own document. An actor may update only itself (INTEROP §7); the
 * embedded document is trusted because the request was signed by that same actor. Updates of
 * posts belong to the threads issue and are ignored here.
 */
final class UpdateReceived extends InboundHandler<Update> {

  private final RemoteActors remoteActors;

  UpdateReceived(RemoteActors remoteActors) {
    this.remoteActors = remoteActors;
  }

  @Override
  Future<Optional<String>> verify(Update update) {
    boolean actorType = update.object().embeddedType().flatMap(ActorType::fromWire).isPresent();
    if (!actorType) {
      return ignore("not_an_actor_update");
    }
    return update.object().id().equals(update.actor()) ? proceed() : ignore("actor_may_update_only_itself");
  }

  @Override
  Future<String> receive(Update update) {
    return remoteActors.store(update.object().embedded().orElseThrow()).map(actor -> "actor_updated");
  }
}
