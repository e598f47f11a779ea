package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Other;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.db.ActorRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.processing.network.Directory;
import org.torg.server.processing.remote.RemoteActors;

/**
 * A branch Group elsewhere asks to join a hub Group here (directory of branches). Only a Group
 * may join, and only a Group here can be joined; the signer is the actor (checked on receipt),
 * so a server can only ask for its own Groups.
 */
final class JoinReceived extends InboundHandler<Other> {

  private final ActorRepository actors;
  private final RemoteActors remoteActors;
  private final Directory directory;

  JoinReceived(ActorRepository actors, RemoteActors remoteActors, Directory directory) {
    this.actors = actors;
    this.remoteActors = remoteActors;
    this.directory = directory;
  }

  @Override
  Future<Optional<String>> verify(Other join) {
    Optional<ObjectRef> object = ObjectRef.of(join.raw().getValue("object"));
    if (object.isEmpty()) {
      return ignore("no_object");
    }
    try {
      Directory.place(place(join));
    } catch (HttpError e) {
      return ignore("invalid_place");
    }
    return actors.findByUri(object.get().id()).compose(hub -> {
      if (hub.isEmpty() || !hub.get().local() || hub.get().type() != ActorType.Group || hub.get().deleted()) {
        return ignore("not_a_local_group");
      }
      return remoteActors.resolve(join.actor()).compose(branch -> branch.type() == ActorType.Group && !branch.local()
          ? proceed() : ignore("not_a_group"));
    });
  }

  @Override
  Future<String> receive(Other join) {
    String hubUri = ObjectRef.of(join.raw().getValue("object")).orElseThrow().id();
    Future<Actor> hub = actors.findByUri(hubUri).map(Optional::orElseThrow);
    Future<Actor> branch = remoteActors.resolve(join.actor());
    return Future.all(hub, branch).compose(both -> directory.joinReceived(hub.result(), branch.result(), join.raw(),
        Directory.place(place(join))));
  }

  /** The Join's place, in the term Torg defines or its full name. */
  private static Object place(Other join) {
    Object place = join.raw().getValue("place");
    return place != null ? place : join.raw().getValue("torg:place");
  }
}
