package org.torg.server.processing.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.convert.ApToModel;
import org.torg.server.convert.PostDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.HubThreadRepository;
import org.torg.server.db.HubThreadRepository.Hub;
import org.torg.server.db.HubThreadRepository.Mode;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;
import org.torg.server.processing.delivery.Outbox;

/**
 * A hub is a Group that follows Groups (its branches) and passes their new threads on to its own
 * followers: ONE {@code Announce(root Note id)} per thread, the form Mastodon and Lemmy both take,
 * and never the replies (a follower opens the thread to read it whole; re-announcing every reply
 * would flood them). Each thread is remembered once per hub (hub_thread), so a loop of follows
 * (A follows B follows A, or A→B→C→A) re-shares nothing twice, and a hub's own threads (local
 * posts) are never re-shared back to it.
 */
public final class HubReshares {

  private final HubThreadRepository hubThreads;
  private final ActorRepository actors;
  private final FollowRepository follows;
  private final Outbox outbox;
  private final PostDocuments documents;
  private final ActivityDocuments activities;

  public HubReshares(HubThreadRepository hubThreads, ActorRepository actors, FollowRepository follows, Outbox outbox,
      PostDocuments documents, ActivityDocuments activities) {
    this.activities = activities;
    this.hubThreads = hubThreads;
    this.actors = actors;
    this.follows = follows;
    this.outbox = outbox;
    this.documents = documents;
  }

  public HubThreadRepository threads() {
    return hubThreads;
  }

  /**
   * A Group followed here Announced {@code post}, now stored: when it opens a thread, every local
   * hub following that Group remembers it, and those re-sharing {@code all} Announce it.
   */
  public Future<Void> received(Actor branch, Post post) {
    if (post.local() || post.parentId().isPresent() || post.inReplyToUri() != null || post.deleted()) {
      return Future.succeededFuture();
    }
    return hubThreads.hubsOf(branch.id()).compose(hubs -> {
      List<Future<Boolean>> each = new ArrayList<>();
      for (Hub hub : hubs) {
        each.add(receivedBy(hub, branch, post));
      }
      return Future.join(each).mapEmpty();
    });
  }

  private Future<Boolean> receivedBy(Hub hub, Actor branch, Post root) {
    return actors.findById(hub.hubId()).compose(group -> group.isEmpty() ? Future.succeededFuture(false)
        : outbox.inTransaction(tx -> hubThreads.remember(tx, hub.hubId(), branch.id(), root.uri(), root.id(),
            ApToModel.sameAuthority(branch.uri(), root.uri()))
            .compose(first -> first && hub.mode() == Mode.all
                ? reshare(tx, group.get(), root.uri()) : Future.succeededFuture(false))));
  }

  /** A moderator picks a thread the hub received from a branch: 404 if it never did, 409 if it was re-shared already. */
  public Future<Void> pick(Actor hub, String rootUri) {
    return hubThreads.resharedState(hub.id(), rootUri).compose(state -> {
      if (state.isEmpty()) {
        return Future.failedFuture(unknownThread());
      }
      if (state.get()) {
        return Future.failedFuture(new HttpError(409, "already_reshared", "This thread was re-shared already."));
      }
      return outbox.inTransaction(tx -> reshare(tx, hub, rootUri)).mapEmpty();
    });
  }

  /**
   * A moderator takes a re-share back: the hub's followers get {@code Undo(Announce)}, and the
   * thread may be picked again. 404 if the hub never received it, 409 if it is not re-shared.
   */
  public Future<Void> unpick(Actor hub, String rootUri) {
    return outbox.inTransaction(tx -> hubThreads.unmarkReshared(tx, hub.id(), rootUri).compose(sent -> {
      if (sent.isPresent()) {
        return follows.remoteFollowerInboxes(tx, hub.id()).compose(inboxes -> inboxes.isEmpty() ? Future.succeededFuture()
            : outbox.send(tx, hub, activities.undo(hub, sent.get(), hub.followersUrl()), inboxes).mapEmpty());
      }
      return hubThreads.resharedState(hub.id(), rootUri).compose(state -> Future.<Void>failedFuture(state.isEmpty()
          ? unknownThread()
          : new HttpError(409, "not_reshared", "This thread is not re-shared.")));
    })).mapEmpty();
  }

  private static HttpError unknownThread() {
    return new HttpError(404, "unknown_thread", "This Group has received no thread with that root from a Group it follows.");
  }

  /** Sets {@code all} or {@code picked} for a Group the hub follows: 404 when it does not follow it. */
  public Future<Void> setMode(Actor hub, Actor branch, Mode mode) {
    return hubThreads.setMode(hub.id(), branch.id(), mode).compose(set -> set ? Future.<Void>succeededFuture()
        : Future.failedFuture(new HttpError(404, "not_following", "This Group does not follow that Group.")));
  }

  /**
   * In the caller's transaction: marks the thread re-shared and sends the hub's followers its
   * Announce. Marking first makes a second try (a concurrent pick, the same thread relayed by
   * another branch) send nothing. A branch that follows its hub gets its own thread back: it
   * counts that as a share of its post and passes nothing on, since the post is its own.
   */
  private Future<Boolean> reshare(SqlConnection tx, Actor hub, String rootUri) {
    JsonObject announce = documents.announce(hub, rootUri);
    return hubThreads.markReshared(tx, hub.id(), rootUri, announce).compose(marked -> !marked ? Future.succeededFuture(false)
        : follows.remoteFollowerInboxes(tx, hub.id()).compose(inboxes -> inboxes.isEmpty() ? Future.succeededFuture(true)
            : outbox.send(tx, hub, announce, inboxes).map(true)));
  }
}
