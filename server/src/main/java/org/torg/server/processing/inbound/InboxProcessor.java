package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import org.torg.federation.vocab.InboundActivity;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.remote.RemoteActors;

/** Picks the handler for a stored activity's type: one class per type Torg acts on. */
public final class InboxProcessor {

  private final FollowReceived follow;
  private final UndoReceived undo;
  private final AcceptReceived accept;
  private final RejectReceived reject;
  private final UpdateReceived update;
  private final DeleteReceived delete;

  public InboxProcessor(ActorRepository actors, RemoteActors remoteActors, FollowRepository follows, Outbox outbox,
      ActivityDocuments documents) {
    var answers = new FollowAnswerReceived(actors, follows);
    this.follow = new FollowReceived(actors, remoteActors, follows, outbox, documents);
    this.undo = new UndoReceived(actors, follows);
    this.accept = new AcceptReceived(answers);
    this.reject = new RejectReceived(answers);
    this.update = new UpdateReceived(remoteActors);
    this.delete = new DeleteReceived(actors, follows);
  }

  /** The outcome code to record; unknown types are accepted and ignored, never an error. */
  public Future<String> process(InboundActivity activity) {
    // Java 17 has no pattern switch: the chain covers every permitted record of the sealed interface.
    if (activity instanceof InboundActivity.Follow a) {
      return follow.handle(a);
    } else if (activity instanceof InboundActivity.Undo a) {
      return undo.handle(a);
    } else if (activity instanceof InboundActivity.Accept a) {
      return accept.handle(a);
    } else if (activity instanceof InboundActivity.Reject a) {
      return reject.handle(a);
    } else if (activity instanceof InboundActivity.Update a) {
      return update.handle(a);
    } else if (activity instanceof InboundActivity.Delete a) {
      return delete.handle(a);
    } else if (activity instanceof InboundActivity.Create || activity instanceof InboundActivity.Like
        || activity instanceof InboundActivity.Announce) {
      // Parsed already so that malformed ones are refused at the inbox; their handlers come with threads.
      return Future.succeededFuture("ignored:unsupported_type");
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
