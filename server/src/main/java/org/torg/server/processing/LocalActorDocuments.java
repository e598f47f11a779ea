package org.torg.server.processing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.torg.server.convert.ActorDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.MoveDocuments;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.db.ActorProfileRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorProfile;
import org.torg.server.model.ActorType;

/**
 * A local actor's document as it stands: its keys and, for a person, its aliases and move
 * (alsoKnownAs, movedTo) and its header and fields. The one place that puts it together, for
 * the actor's URL and for every Update of it, which receivers take as the whole profile.
 */
public final class LocalActorDocuments {

  private final LocalKeys keys;
  private final LocalUris uris;
  private final AccountMoveRepository moves;
  private final ActorProfileRepository profiles;

  public LocalActorDocuments(LocalKeys keys, LocalUris uris, AccountMoveRepository moves, ActorProfileRepository profiles) {
    this.keys = keys;
    this.uris = uris;
    this.moves = moves;
    this.profiles = profiles;
  }

  /** The document, read through {@code client}: a transaction's connection sees its own changes. */
  public Future<JsonObject> current(SqlClient client, Actor actor) {
    String owner = LocalActors.keyOwner(actor);
    Future<JsonObject> document = keys.ensure(owner).compose(key -> keys.ensureAssertionKey(owner)
        .map(assertion -> ActorDocuments.actor(actor, key.publicKeyPem(), assertion.publicKey(), uris)));
    if (actor.type() != ActorType.Person) {
      return document;
    }
    var aliases = moves.aliases(client, actor.id());
    var movedTo = moves.movedTo(client, actor.id());
    Future<ActorProfile> profile = profiles.find(client, actor.id());
    return Future.all(document, aliases, movedTo, profile).map(all -> ActorDocuments.withProfile(
        MoveDocuments.withMoveFields(document.result(), aliases.result(), movedTo.result().map(AccountMoveRepository.Move::targetUri)),
        profile.result()));
  }
}
