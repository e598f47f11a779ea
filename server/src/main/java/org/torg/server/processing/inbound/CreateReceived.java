package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Create;
import org.torg.server.convert.ApToModel;
import org.torg.federation.vocab.PostObject;
import org.torg.server.processing.consultations.Consultations;
import org.torg.server.processing.network.PartyConsultations;
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

  private final Consultations consultations;
  private final PartyConsultations party;

  CreateReceived(RemoteActors remoteActors, RemotePosts remotePosts, PostObjects objects, Consultations consultations,
      PartyConsultations party) {
    this.party = party;
    this.consultations = consultations;
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
      PostObject post = note.get();
      if (isVote(post)) {
        // Counted, never shown: a vote is addressed to the poll's author alone.
        return remoteActors.resolve(create.actor())
            .compose(author -> consultations.receiveVote(post.id(), post.inReplyTo(), post.name(), author,
                org.torg.server.processing.consultations.Eligibility.carried(post.raw())));
      }
      // A reply under a branch's entry in a party-wide consultation is passed on to the hub by the branch.
      return remoteActors.resolve(create.actor())
          .compose(author -> remotePosts.receive(post, author, create.raw(), false))
          .compose(outcome -> outcome.post().isEmpty() || !outcome.code().equals("reply_stored")
              ? Future.succeededFuture(outcome.code())
              : party.replyReceived(outcome.post().get(), create.raw()).map(outcome.code()));
    });
  }

  /** Mastodon's vote: a Note with the option's title in {@code name}, in reply to the Question, without content. */
  static boolean isVote(PostObject note) {
    return "Note".equals(note.type()) && note.inReplyTo() != null && note.name() != null
        && (note.content() == null || note.content().isBlank());
  }
}
