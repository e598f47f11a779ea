package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Update;
import org.torg.federation.vocab.PostObject;
import org.torg.server.convert.ApToModel;
import org.torg.server.model.ActorType;
import org.torg.server.processing.posts.RemotePosts;
import org.torg.server.processing.remote.RemoteActors;

/**
 * Update of a remote actor's own document, or of a post by its author. An actor may update only
 * itself and its own posts (INTEROP §7); the embedded document is trusted because the request was
 * signed by that same actor and the object lives on its server. A post edit applies only when its
 * {@code updated} is newer than what is stored.
 */
final class UpdateReceived extends InboundHandler<Update> {

  private final RemoteActors remoteActors;
  private final RemotePosts remotePosts;
  private final PostObjects objects;

  UpdateReceived(RemoteActors remoteActors, RemotePosts remotePosts, PostObjects objects) {
    this.remoteActors = remoteActors;
    this.remotePosts = remotePosts;
    this.objects = objects;
  }

  @Override
  Future<Optional<String>> verify(Update update) {
    boolean actorType = update.object().embeddedType().flatMap(ActorType::fromWire).isPresent();
    if (actorType) {
      return update.object().id().equals(update.actor()) ? proceed() : ignore("actor_may_update_only_itself");
    }
    boolean postType = update.object().embedded().map(PostObject::isPostType).orElse(false);
    if (!postType) {
      return ignore("not_an_actor_or_post_update");
    }
    return ApToModel.sameAuthority(update.object().id(), update.actor()) ? proceed()
        : ignore("object_not_on_the_actors_server");
  }

  @Override
  Future<String> receive(Update update) {
    if (update.object().embeddedType().flatMap(ActorType::fromWire).isPresent()) {
      return remoteActors.store(update.object().embedded().orElseThrow()).map(actor -> "actor_updated");
    }
    return objects.trusted(update.object(), update.actor()).compose(note -> {
      if (note.isEmpty()) {
        return Future.succeededFuture("ignored:not_a_post");
      }
      if (!update.actor().equals(note.get().attributedTo())) {
        return Future.succeededFuture("ignored:attributed_to_another_actor");
      }
      return remoteActors.resolve(update.actor()).compose(author -> remotePosts.update(note.get(), author, update.raw()));
    });
  }
}
