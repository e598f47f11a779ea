package org.torg.server.processing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.processing.delivery.Outbox;

/** A local actor's profile changes: stored, and Updated to every remote follower's server in the same transaction. */
public final class ActorUpdates {

  private final ActorRepository actors;
  private final FollowRepository follows;
  private final Outbox outbox;
  private final ActivityDocuments documents;
  private final LocalActorDocuments actorDocuments;

  public ActorUpdates(ActorRepository actors, FollowRepository follows, Outbox outbox, ActivityDocuments documents,
      LocalActorDocuments actorDocuments) {
    this.actors = actors;
    this.follows = follows;
    this.outbox = outbox;
    this.documents = documents;
    this.actorDocuments = actorDocuments;
  }

  public Future<Actor> updateProfile(Actor actor, String displayName, String summary, String iconUrl) {
    return updateProfile(actor, displayName, summary, iconUrl, tx -> Future.succeededFuture());
  }

  /**
   * As above, with {@code alongside} run in the same transaction (e.g. the account's own copy of
   * the bio, its header and fields): the Update carries the whole document as stored in it.
   */
  public Future<Actor> updateProfile(Actor actor, String displayName, String summary, String iconUrl,
      Function<SqlConnection, Future<Void>> alongside) {
    return outbox.inTransaction(tx -> actors.updateLocalProfile(tx, actor.id(), displayName, summary, iconUrl)
        .compose(changed -> alongside.apply(tx).map(changed))
        .compose(changed -> sendCurrent(tx, changed).map(changed)));
  }

  /**
   * Sends the actor's document as it is now in {@code tx} (aliases, move, header and fields
   * included) as Update to its remote followers' servers: after any change of what it shows.
   */
  public Future<Void> sendCurrent(SqlConnection tx, Actor actor) {
    return actorDocuments.current(tx, actor).compose(doc -> follows.remoteFollowerInboxes(tx, actor.id())
        .compose(inboxes -> outbox.send(tx, actor, documents.updateActor(actor, doc), inboxes)))
        .mapEmpty();
  }

  /** The same, in a transaction of its own. */
  public Future<Void> sendCurrent(Actor actor) {
    return outbox.inTransaction(tx -> sendCurrent(tx, actor));
  }
}
