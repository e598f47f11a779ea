package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Follow;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.remote.RemoteActors;

/**
 * A remote actor follows a local one: accepted at once (Accept carries the Follow as received),
 * or left pending when the local actor approves followers. A repeated Follow is answered again.
 */
final class FollowReceived extends InboundHandler<Follow> {

  private final ActorRepository actors;
  private final RemoteActors remoteActors;
  private final FollowRepository follows;
  private final Outbox outbox;
  private final ActivityDocuments documents;

  FollowReceived(ActorRepository actors, RemoteActors remoteActors, FollowRepository follows, Outbox outbox, ActivityDocuments documents) {
    this.actors = actors;
    this.remoteActors = remoteActors;
    this.follows = follows;
    this.outbox = outbox;
    this.documents = documents;
  }

  @Override
  Future<Optional<String>> verify(Follow follow) {
    return actors.findByUri(follow.object()).compose(target -> {
      if (target.isEmpty() || !target.get().local() || !target.get().served()) {
        return ignore("not_a_local_actor");
      }
      return target.get().deleted() ? ignore("actor_deleted") : proceed();
    });
  }

  @Override
  Future<String> receive(Follow follow) {
    Future<Actor> followee = actors.findByUri(follow.object()).map(Optional::orElseThrow);
    Future<Actor> follower = remoteActors.resolve(follow.actor());
    return Future.all(followee, follower).compose(both -> {
      Actor target = followee.result();
      Actor from = follower.result();
      var state = target.manuallyApprovesFollowers() ? FollowRepository.State.pending : FollowRepository.State.accepted;
      return outbox.inTransaction(tx -> follows.upsert(tx, from.id(), target.id(), state, follow.id(), follow.raw())
          .compose(stored -> stored.state() == FollowRepository.State.accepted
              ? outbox.send(tx, target, documents.accept(target, follow.raw()), List.of(from.inbox())).map("accepted")
              : Future.succeededFuture("pending")));
    });
  }
}
