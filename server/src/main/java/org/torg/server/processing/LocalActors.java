package org.torg.server.processing;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Set;
import java.util.regex.Pattern;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.ActorRepository.ActorFields;
import org.torg.server.db.LocalKeyRepository;
import org.torg.server.db.LocalKeyRepository.StoredKey;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;

/**
 * Creates the actors Torg hosts: people and groups, each with its own RSA key pair (one key
 * per actor: a server-wide key signing for everyone breaks "signer = actor", INTEROP §6.8),
 * and the instance actor.
 */
public final class LocalActors {

  /** What Mastodon accepts as a username (INTEROP §1), at most 30 characters like Mastodon. */
  static final Pattern USERNAME = Pattern.compile("[a-z0-9_]+([.-]+[a-z0-9_]+)*");
  static final int MAX_USERNAME = 30;
  /** Paths and roles a username must not shadow. */
  static final Set<String> RESERVED = Set.of("actor", "admin", "api", "inbox", "instance", "root", "support",
      "torg", "webmaster", "postmaster", "abuse", "moderator", "moderators", "well-known", "static", "nodeinfo");

  private final ActorRepository actors;
  private final LocalKeyRepository keyRepository;
  private final LocalKeys keys;
  private final LocalUris uris;
  private final String host;

  public LocalActors(ActorRepository actors, LocalKeyRepository keyRepository, LocalKeys keys, LocalUris uris, String host) {
    this.actors = actors;
    this.keyRepository = keyRepository;
    this.keys = keys;
    this.uris = uris;
    this.host = host;
  }

  /** A new Person or Group with its key, in one transaction; 422 for a bad name, 409 for a taken one. */
  public Future<Actor> create(ActorType type, String username, String displayName, String summary, boolean manuallyApprovesFollowers) {
    return checkName(type, username)
        .compose(ok -> keys.generateSealed(uris.actor(type, username)))
        .compose(key -> actors.pool().withTransaction(tx -> insert(tx, key, type, username, displayName, summary,
            manuallyApprovesFollowers, false)));
  }

  /** The id a local actor of this type and name has (or would have). */
  public String uriOf(ActorType type, String username) {
    return uris.actor(type, username);
  }

  /** Fails with 422 for a name WebFinger and Mastodon would not accept, 409 for a reserved one. */
  public Future<Void> checkName(ActorType type, String username) {
    if (type != ActorType.Person && type != ActorType.Group) {
      return Future.failedFuture(new HttpError(422, "invalid_type", "Only people and groups can be created."));
    }
    if (username == null || username.length() > MAX_USERNAME || !USERNAME.matcher(username).matches()) {
      return Future.failedFuture(new HttpError(422, "invalid_username",
          "A name has 1 to 30 characters: lower-case letters, digits and _, with single . or - between them."));
    }
    if (RESERVED.contains(username) || username.equals(hostWithoutPort())) {
      return Future.failedFuture(new HttpError(409, "username_taken", "That name is reserved."));
    }
    return Future.succeededFuture();
  }

  /**
   * In the caller's transaction: the actor and its key (made beforehand with {@link LocalKeys#generateSealed}
   * for {@code uris.actor(type, username)}, off the transaction, as it takes a while). 409 for a taken name.
   */
  public Future<Actor> insert(SqlClient tx, StoredKey key, ActorType type, String username, String displayName,
      String summary, boolean manuallyApprovesFollowers, boolean awaitingApproval) {
    String uri = uris.actor(type, username);
    if (!key.owner().equals(uri)) {
      return Future.failedFuture(new IllegalArgumentException("the key was made for " + key.owner() + ", not " + uri));
    }
    ActorFields fields = new ActorFields(uri, true, type, username, host, displayName, summary, uri,
        uris.inbox(uri), uris.sharedInbox(), uris.outbox(uri), uris.followers(uri), uris.following(uri),
        manuallyApprovesFollowers, null);
    return actors.insertLocal(tx, fields, awaitingApproval)
        .compose(actor -> keyRepository.insert(tx, key).map(actor))
        .recover(e -> Future.failedFuture(e instanceof ActorRepository.DuplicateActorException
            ? new HttpError(409, "username_taken", "That name is already taken.") : e));
  }

  /** The instance actor's row (an Application at /actor), created on first start. Its key is {@link LocalKeys#INSTANCE}. */
  public Future<Actor> ensureInstanceActor() {
    String uri = uris.instanceActor();
    return actors.findByUri(uri).compose(found -> found.map(Future::succeededFuture).orElseGet(() -> {
      ActorFields fields = new ActorFields(uri, true, ActorType.Application, hostWithoutPort(), host, hostWithoutPort(),
          null, uris.base() + "/", uris.inbox(uri), uris.sharedInbox(), uris.outbox(uri), uris.followers(uri),
          uris.following(uri), true, null);
      return actors.pool().withTransaction(tx -> actors.insertLocal(tx, fields))
          .recover(e -> e instanceof ActorRepository.DuplicateActorException
              ? actors.findByUri(uri).map(a -> a.orElseThrow()) : Future.failedFuture(e));
    }));
  }

  /** The key owner name for an actor's main key. */
  public static String keyOwner(Actor actor) {
    return actor.type() == ActorType.Application ? LocalKeys.INSTANCE : actor.uri();
  }

  private String hostWithoutPort() {
    int colon = host.lastIndexOf(':');
    return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
  }
}
