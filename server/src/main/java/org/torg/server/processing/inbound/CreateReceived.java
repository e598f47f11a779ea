package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Create;
import org.torg.server.convert.ApToModel;
import org.torg.server.processing.posts.RemotePosts;
import org.torg.server.processing.remote.RemoteActors;

/**
 * Create of a post: a reply into a Torg thread, a new thread for a Group, or a post of someone
 * followed here. The embedded object is trusted only when it is on the signer's server and
 * attributed to the signer; otherwise it is fetched from its origin (INTEROP §7).
 */
final class CreateReceived extends InboundHandler<Create> {

  private final RemoteActors remoteActors;
  private final RemotePosts remotePosts;
  private final PostObjects objects;

  CreateReceived(RemoteActors remoteActors, RemotePosts remotePosts, PostObjects objects) {
    this.remoteActors = remoteActors;
    this.remotePosts = remotePosts;
    this.objects = objects;
  }

  @Override
  Future<Optional<String>> verify(Create create) {
    return ApToModel.sameAuthority(create.object().id(), create.actor()) ? proceed()
        : ignore("object_not_on_the_actors_server");
  }

  @Override
  Future<String> receive(Create create) {
    return objects.trusted(create.object(), create.actor()).compose(note -> {
      if (note.isEmpty()) {
        return Future.succeededFuture("ignored:not_a_post");
      }
      if (!create.actor().equals(note.get().attributedTo())) {
        return Future.succeededFuture("ignored:attributed_to_another_actor");
      }
      return remoteActors.resolve(create.actor())
          .compose(author -> remotePosts.receive(note.get(), author, create.raw(), false))
          .map(RemotePosts.Outcome::code);
    });
  }
}
