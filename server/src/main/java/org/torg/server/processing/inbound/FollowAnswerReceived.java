package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.FollowRepository.Follow;
import org.torg.server.model.Actor;

/**
 * Accept or Reject of a Follow Torg sent: only the followed actor may answer it. Accept makes
 * the follow accepted; Reject removes it. Matched by the Follow's id, or by who follows whom
 * when a peer answers with its own rendering of the Follow.
 */
final class FollowAnswerReceived {

  private final ActorRepository actors;
  private final FollowRepository follows;

  FollowAnswerReceived(ActorRepository actors, FollowRepository follows) {
    this.actors = actors;
    this.follows = follows;
  }

  Future<Optional<String>> verify(String answerer, ObjectRef object) {
    Optional<String> type = object.embeddedType();
    if (type.isPresent() && !type.get().equals("Follow")) {
      return InboundHandler.ignore("not_a_follow");
    }
    return find(answerer, object).compose(found -> found.isEmpty()
        ? InboundHandler.ignore("no_such_follow")
        : InboundHandler.proceed());
  }

  Future<String> accept(String answerer, ObjectRef object) {
    return find(answerer, object).compose(found -> follows.accept(found.orElseThrow().followerId(), found.orElseThrow().followeeId()))
        .map(changed -> "follow_accepted");
  }

  Future<String> reject(String answerer, ObjectRef object) {
    return find(answerer, object)
        .compose(found -> follows.delete(actors.pool(), found.orElseThrow().followerId(), found.orElseThrow().followeeId()))
        .map(changed -> "follow_rejected");
  }

  /** The follow of a local actor whose followee is the answerer. */
  private Future<Optional<Follow>> find(String answerer, ObjectRef object) {
    Future<Optional<Actor>> followee = actors.findByUri(answerer);
    return followee.compose(target -> {
      if (target.isEmpty()) {
        return Future.succeededFuture(Optional.<Follow>empty());
      }
      return follows.findByActivityUri(object.id()).compose(byId -> {
        if (byId.isPresent()) {
          return Future.succeededFuture(byId.filter(f -> f.followeeId() == target.get().id()));
        }
        String follower = object.embedded().flatMap(o -> ObjectRef.of(o.getValue("actor"))).map(ObjectRef::id).orElse(null);
        if (follower == null) {
          return Future.succeededFuture(Optional.<Follow>empty());
        }
        return actors.findByUri(follower).compose(local -> local.isPresent() && local.get().local()
            ? follows.find(local.get().id(), target.get().id())
            : Future.succeededFuture(Optional.<Follow>empty()));
      });
    });
  }
}
