package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import org.torg.federation.vocab.InboundActivity;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.processing.moderation.Reports;
import org.torg.server.processing.posts.RemotePosts;
import org.torg.server.processing.remote.RemoteFetches;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.hubs.HubReshares;
import org.torg.server.processing.network.PartyConsultations;
import org.torg.server.processing.network.Directory;
import org.torg.server.processing.remote.RemoteActors;

/** Picks the handler for a stored activity's type: one class per type Torg acts on. */
public final class InboxProcessor {

  private final FollowReceived follow;
  private final UndoReceived undo;
  private final AcceptReceived accept;
  private final RejectReceived reject;
  private final UpdateReceived update;
  private final DeleteReceived delete;
  private final CreateReceived create;
  private final LikeReceived like;
  private final AnnounceReceived announce;
  private final UndoReactionReceived undoReaction;
  private final FlagReceived flag;
  private final JoinReceived join;
  private final LeaveReceived leave;
  private final JoinAnswerReceived joinAnswer;
  private final BlockReceived blocks;
  private final MoveReceived move;

  public InboxProcessor(ActorRepository actors, RemoteActors remoteActors, FollowRepository follows, Outbox outbox,
      ActivityDocuments documents, PostRepository posts, RemotePosts remotePosts, RemoteFetches fetches, Reports reports,
      org.torg.server.processing.consultations.Consultations consultations, HubReshares hubs, PartyConsultations party,
      Directory directory, org.torg.server.processing.accounts.PersonalBlocks personalBlocks,
      org.torg.server.processing.moves.MovesIn moves) {
    this.move = new MoveReceived(moves);
    this.blocks = new BlockReceived(actors, remoteActors, personalBlocks);
    this.flag = new FlagReceived(remoteActors, reports);
    var answers = new FollowAnswerReceived(actors, follows);
    var objects = new PostObjects(fetches);
    this.follow = new FollowReceived(actors, remoteActors, follows, outbox, documents);
    this.undo = new UndoReceived(actors, follows);
    this.accept = new AcceptReceived(answers);
    this.reject = new RejectReceived(answers);
    this.update = new UpdateReceived(remoteActors, remotePosts, objects);
    this.delete = new DeleteReceived(actors, follows, remotePosts);
    this.create = new CreateReceived(remoteActors, remotePosts, objects, consultations, party);
    this.like = new LikeReceived(posts, remoteActors);
    this.announce = new AnnounceReceived(posts, actors, follows, remoteActors, remotePosts, objects, hubs, party);
    this.undoReaction = new UndoReactionReceived(posts, actors);
    this.join = new JoinReceived(actors, remoteActors, directory);
    this.leave = new LeaveReceived(actors, directory);
    this.joinAnswer = new JoinAnswerReceived(actors, directory);
  }

  /** The outcome code to record; unknown types are accepted and ignored, never an error. */
  public Future<String> process(InboundActivity activity) {
    // Java 17 has no pattern switch: the chain covers every permitted record of the sealed interface.
    if (activity instanceof InboundActivity.Follow a) {
      return follow.handle(a);
    } else if (activity instanceof InboundActivity.Undo a) {
      String undone = a.object().embeddedType().orElse("");
      if (undone.equals("Block")) {
        return blocks.undo.handle(a);
      }
      return undone.equals("Like") || undone.equals("Announce") ? undoReaction.handle(a) : undo.handle(a);
    } else if (activity instanceof InboundActivity.Accept a) {
      return joinAnswer.answersAJoin(a.object()).compose(ofJoin -> ofJoin ? joinAnswer.handle(a) : accept.handle(a));
    } else if (activity instanceof InboundActivity.Reject a) {
      return joinAnswer.answersAJoin(a.object()).compose(ofJoin -> ofJoin ? joinAnswer.handle(a) : reject.handle(a));
    } else if (activity instanceof InboundActivity.Update a) {
      return update.handle(a);
    } else if (activity instanceof InboundActivity.Delete a) {
      return delete.handle(a);
    } else if (activity instanceof InboundActivity.Create a) {
      return create.handle(a);
    } else if (activity instanceof InboundActivity.Like a) {
      return like.handle(a);
    } else if (activity instanceof InboundActivity.Announce a) {
      return announce.handle(a);
    } else if (activity instanceof InboundActivity.Flag a) {
      return flag.handle(a);
    } else if (activity instanceof InboundActivity.Other a && a.type().equals("Join")) {
      return join.handle(a);
    } else if (activity instanceof InboundActivity.Other a && a.type().equals("Leave")) {
      return leave.handle(a);
    } else if (activity instanceof InboundActivity.Other a && a.type().equals("Block")) {
      return blocks.block.handle(a);
    } else if (activity instanceof InboundActivity.Other a && a.type().equals("Move")) {
      return move.handle(a);
    } else if (activity instanceof InboundActivity.Other) {
      return Future.succeededFuture("ignored:unsupported_type");
    }
    throw new IllegalStateException("no handler for " + activity.getClass());
  }

  /** The metric label for an activity's handler: the type for handled ones, "other" for the rest. */
  static String handledAs(InboundActivity activity) {
    return activity instanceof InboundActivity.Other ? "other" : activity.type();
  }
}
