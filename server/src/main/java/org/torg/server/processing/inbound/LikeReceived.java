package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Like;
import org.torg.server.db.PostRepository;
import org.torg.server.db.PostRepository.Reaction;
import org.torg.server.processing.remote.RemoteActors;

/** A Like of a Torg post, counted once per actor. Likes of other servers' posts are theirs to count. */
final class LikeReceived extends InboundHandler<Like> {

  private final PostRepository posts;
  private final RemoteActors remoteActors;

  LikeReceived(PostRepository posts, RemoteActors remoteActors) {
    this.posts = posts;
    this.remoteActors = remoteActors;
  }

  @Override
  Future<Optional<String>> verify(Like like) {
    return posts.findByUri(like.object().id()).compose(post -> post.isEmpty() || !post.get().local()
        ? ignore("not_a_local_post") : post.get().deleted() ? ignore("post_deleted") : proceed());
  }

  @Override
  Future<String> receive(Like like) {
    return Future.all(posts.findByUri(like.object().id()), remoteActors.resolve(like.actor())).compose(both -> {
      long postId = both.<Optional<org.torg.server.model.Post>>resultAt(0).orElseThrow().id();
      long actorId = both.<org.torg.server.model.Actor>resultAt(1).id();
      return posts.pool().withTransaction(tx -> posts.addReaction(tx, postId, actorId, Reaction.like, like.id()))
          .map(added -> added ? "liked" : "ignored:already_liked");
    });
  }
}
