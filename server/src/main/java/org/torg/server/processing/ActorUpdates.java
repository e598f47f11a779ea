package org.torg.server.processing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.convert.ActorDocuments;
import org.torg.server.convert.LocalUris;
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

  public ActorUpdates(ActorRepository actors, FollowRepository follows, LocalKeys keys, Outbox outbox,
      ActivityDocuments documents, LocalUris uris) {
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
   * As above, for a person whose {@code profile} (header, fields; stored by {@code alongside})
   * goes into the Update too; null for actors without one (Groups).
   */
  public Future<Actor> updateProfile(Actor actor, String displayName, String summary, String iconUrl, ActorProfile profile,
      Function<SqlConnection, Future<Void>> alongside) {
    String owner = LocalActors.keyOwner(actor);
    return keys.ensure(owner).compose(key -> keys.ensureAssertionKey(owner).compose(assertion -> outbox.inTransaction(tx -> actors
        .updateLocalProfile(tx, actor.id(), displayName, summary, iconUrl)
        .compose(changed -> alongside.apply(tx).map(changed))
        .compose(changed -> follows.remoteFollowerInboxes(tx, changed.id())
            .compose(inboxes -> outbox.send(tx, changed,
                documents.updateActor(changed, withProfile(
                    ActorDocuments.actor(changed, key.publicKeyPem(), assertion.publicKey(), uris), profile)),
                inboxes))
            .map(changed)))));
  }

  private static io.vertx.core.json.JsonObject withProfile(io.vertx.core.json.JsonObject doc, ActorProfile profile) {
    return profile == null ? doc : ActorDocuments.withProfile(doc, profile);
  }
}
