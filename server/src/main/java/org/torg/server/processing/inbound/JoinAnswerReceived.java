package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.BranchMembershipRepository.Membership;
import org.torg.server.model.Actor;
import org.torg.server.processing.network.Directory;

/**
 * A hub's Accept or Reject of a Join a branch here sent. Only the hub asked may answer; matched
 * by the Join's id, or by which branch asked which hub when the hub answers with its own
 * rendering of the Join. Reject after Accept removes the branch (as Mastodon's Reject(Follow)
 * removes a follower).
 */
final class JoinAnswerReceived extends InboundHandler<InboundActivity> {

  private final ActorRepository actors;
  private final Directory directory;

  JoinAnswerReceived(ActorRepository actors, Directory directory) {
    this.actors = actors;
    this.directory = directory;
  }

  /** Whether an Accept's or Reject's object is a Join (and not a Follow, the other thing Torg asks). */
  Future<Boolean> answersAJoin(ObjectRef object) {
    Optional<String> type = object.embeddedType();
    if (type.isPresent()) {
      return Future.succeededFuture(type.get().equals("Join"));
    }
    return directory.memberships().findByJoinUri(object.id()).map(Optional::isPresent);
  }

  @Override
  Future<Optional<String>> verify(InboundActivity answer) {
    return find(answer).compose(found -> found.isEmpty() ? ignore("no_such_join") : proceed());
  }

  @Override
  Future<String> receive(InboundActivity answer) {
    return find(answer).map(Optional::orElseThrow).compose(membership -> answer.type().equals("Accept")
        ? directory.accepted(membership)
        : directory.rejected(membership));
  }

  /** The membership of a local branch in the answering hub that the answer is about. */
  private Future<Optional<Membership>> find(InboundActivity answer) {
    Optional<ObjectRef> object = ObjectRef.of(answer.raw().getValue("object"));
    if (object.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return actors.findByUri(answer.actor()).compose(hub -> {
      if (hub.isEmpty()) {
        return Future.succeededFuture(Optional.<Membership>empty());
      }
      long hubId = hub.get().id();
      return directory.memberships().findByJoinUri(object.get().id()).compose(byId -> {
        if (byId.isPresent()) {
          return Future.succeededFuture(byId.filter(m -> m.hubId() == hubId));
        }
        String asker = object.get().embedded().flatMap(o -> ObjectRef.of(o.getValue("actor"))).map(ObjectRef::id).orElse(null);
        if (asker == null) {
          return Future.succeededFuture(Optional.<Membership>empty());
        }
        return actors.findByUri(asker).compose((Optional<Actor> branch) -> branch.isPresent() && branch.get().local()
            ? directory.memberships().find(hubId, branch.get().id())
            : Future.succeededFuture(Optional.<Membership>empty()));
      });
    });
  }
}
