package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Other;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.db.ActorRepository;
import org.torg.server.model.Actor;
import org.torg.server.processing.network.Directory;

/** A branch elsewhere leaves a hub Group here (or withdraws its request to join). */
final class LeaveReceived extends InboundHandler<Other> {

  private final ActorRepository actors;
  private final Directory directory;

  LeaveReceived(ActorRepository actors, Directory directory) {
    this.actors = actors;
    this.directory = directory;
  }

  @Override
  Future<Optional<String>> verify(Other leave) {
    Optional<ObjectRef> object = ObjectRef.of(leave.raw().getValue("object"));
    if (object.isEmpty()) {
      return ignore("no_object");
    }
    Future<Optional<Actor>> hub = actors.findByUri(object.get().id());
    Future<Optional<Actor>> branch = actors.findByUri(leave.actor());
    return Future.all(hub, branch).compose(both -> {
      if (hub.result().isEmpty() || !hub.result().get().local() || branch.result().isEmpty()) {
        return ignore("not_a_branch");
      }
      return directory.memberships().find(hub.result().get().id(), branch.result().get().id())
          .compose(found -> found.isEmpty() ? ignore("not_a_branch") : proceed());
    });
  }

  @Override
  Future<String> receive(Other leave) {
    Future<Actor> hub = actors.findByUri(ObjectRef.of(leave.raw().getValue("object")).orElseThrow().id()).map(Optional::orElseThrow);
    Future<Actor> branch = actors.findByUri(leave.actor()).map(Optional::orElseThrow);
    return Future.all(hub, branch).compose(both -> directory.left(hub.result(), branch.result()));
  }
}
