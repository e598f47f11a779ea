package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.server.convert.ApToModel;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.SanctionRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.model.ActorType;
import org.torg.server.model.DiscussionThread;

/**
 * Who may read what over ActivityPub when fetches are signed (authorized fetch): a server under a
 * suspending domain block reads nothing; a silenced server, or an actor banned from a Group,
 * does not see that Group's threads (as Mastodon hides a domain-blocked requester's view).
 */
public final class ReaderAccess {

  private final DomainBlocks domains;
  private final SanctionRepository sanctions;
  private final ActorRepository actors;
  private final ThreadRepository threads;
  private final PostRepository posts;

  public ReaderAccess(DomainBlocks domains, SanctionRepository sanctions, ActorRepository actors, ThreadRepository threads,
      PostRepository posts) {
    this.domains = domains;
    this.sanctions = sanctions;
    this.actors = actors;
    this.threads = threads;
    this.posts = posts;
  }

  /** The signer's server is suspended: it gets nothing at all. */
  public boolean suspended(String signerUri) {
    return ApToModel.authorityOf(signerUri).map(domains::suspended).orElse(true);
  }

  /** Whether the signer sees the threads of the Group with this actor id. */
  public Future<Boolean> seesGroup(String signerUri, long groupId) {
    if (ApToModel.authorityOf(signerUri).map(domains::silenced).orElse(true)) {
      return Future.succeededFuture(false);
    }
    return actors.findByUri(signerUri).compose(signer -> signer.isEmpty()
        ? Future.succeededFuture(true)
        : sanctions.isBanned(groupId, signer.get().id()).map(banned -> !banned));
  }

  /** The Group hosting a post's thread, if a local Group hosts it. */
  public Future<Optional<Long>> groupOfPost(long postId) {
    return posts.findById(postId).compose(post -> post.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : groupOfThread(post.get().threadId()));
  }

  public Future<Optional<Long>> groupOfThread(long threadId) {
    return threads.findById(threadId).map(thread -> thread.flatMap(DiscussionThread::groupId));
  }

  /** A local Group by its name. */
  public Future<Optional<Long>> groupNamed(String name) {
    return actors.findLocalByUsername(name).map(actor -> actor.filter(a -> a.type() == ActorType.Group).map(a -> a.id()));
  }
}
