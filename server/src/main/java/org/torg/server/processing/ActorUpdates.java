package org.torg.server.processing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.convert.ActorDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.MoveDocuments;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.db.ActorProfileRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorProfile;
import org.torg.server.processing.delivery.Outbox;

/** A local actor's profile changes: stored, and Updated to every remote follower's server in the same transaction. */
public final class ActorUpdates {

  private final ActorRepository actors;
  private final FollowRepository follows;
  private final LocalKeys keys;
  private final Outbox outbox;
  private final ActivityDocuments documents;
  private final LocalUris uris;
  private final AccountMoveRepository moves;
  private final ActorProfileRepository profiles;

  public ActorUpdates(ActorRepository actors, FollowRepository follows, LocalKeys keys, Outbox outbox,
      ActivityDocuments documents, LocalUris uris, AccountMoveRepository moves, ActorProfileRepository profiles) {
    this.moves = moves;
    this.profiles = profiles;
    this.actors = actors;
    this.follows = follows;
    this.keys = keys;
    this.outbox = outbox;
    this.documents = documents;
    this.uris = uris;
  }

  public Future<Actor> updateProfile(Actor actor, String displayName, String summary, String iconUrl) {
    return updateProfile(actor, displayName, summary, iconUrl, tx -> Future.succeededFuture());
  }

  /** As above, with {@code alongside} run in the same transaction (e.g. the account's own copy of the bio). */
  public Future<Actor> updateProfile(Actor actor, String displayName, String summary, String iconUrl,
      Function<SqlConnection, Future<Void>> alongside) {
    return updateProfile(actor, displayName, summary, iconUrl, null, alongside);
  }

  /**
   * As above, for a person whose {@code profile} (header, fields) {@code alongside} stores; the
   * Update carries it as stored (see {@link #withMoveFields}), so the argument only documents it.
   */
  public Future<Actor> updateProfile(Actor actor, String displayName, String summary, String iconUrl, ActorProfile profile,
      Function<SqlConnection, Future<Void>> alongside) {
    String owner = LocalActors.keyOwner(actor);
    return keys.ensure(owner).compose(key -> keys.ensureAssertionKey(owner).compose(assertion -> outbox.inTransaction(tx -> actors
        .updateLocalProfile(tx, actor.id(), displayName, summary, iconUrl)
        .compose(changed -> alongside.apply(tx).map(changed))
        .compose(changed -> follows.remoteFollowerInboxes(tx, changed.id())
            .compose(inboxes -> withMoveFields(tx, changed,
                    ActorDocuments.actor(changed, key.publicKeyPem(), assertion.publicKey(), uris))
                .compose(doc -> outbox.send(tx, changed, documents.updateActor(changed, doc), inboxes)))
            .map(changed)))));
  }

  /**
   * Sends the actor's document as it is now (its aliases and move included) as Update to its
   * remote followers' servers, in {@code tx}: after a change of what the actor document shows
   * besides the profile (alsoKnownAs, movedTo).
   */
  public Future<Void> sendCurrent(SqlConnection tx, Actor actor) {
    String owner = LocalActors.keyOwner(actor);
    return keys.ensure(owner).compose(key -> keys.ensureAssertionKey(owner).compose(assertion -> withMoveFields(tx, actor,
            ActorDocuments.actor(actor, key.publicKeyPem(), assertion.publicKey(), uris))
        .compose(doc -> follows.remoteFollowerInboxes(tx, actor.id())
            .compose(inboxes -> outbox.send(tx, actor, documents.updateActor(actor, doc), inboxes)))))
        .mapEmpty();
  }

  /** The same, in a transaction of its own. */
  public Future<Void> sendCurrent(Actor actor) {
    return outbox.inTransaction(tx -> sendCurrent(tx, actor));
  }

  /**
   * The document's aliases and move, and (README "Profile and settings") the header and fields as
   * stored in {@code tx} now: every Update carries the whole profile, as receivers replace it whole.
   */
  private Future<io.vertx.core.json.JsonObject> withMoveFields(SqlConnection tx, Actor actor, io.vertx.core.json.JsonObject doc) {
    return moves.aliases(actor.id()).compose(aliases -> moves.movedTo(tx, actor.id())
        .map(moved -> MoveDocuments.withMoveFields(doc, aliases, moved.map(AccountMoveRepository.Move::targetUri))))
        .compose(withMoves -> profiles.find(tx, actor.id()).map(profile -> ActorDocuments.withProfile(withMoves, profile)));
  }
}
