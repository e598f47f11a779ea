package org.torg.server.processing.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.torg.federation.vocab.Origin;
import org.torg.server.convert.ApToModel;
import org.torg.server.convert.RemoteProfiles;
import org.torg.server.db.ActorProfileRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.MediaRepository;
import org.torg.server.db.RemoteKeyRepository;
import org.torg.server.db.RemoteKeyRepository.RemoteKey;
import org.torg.server.model.Actor;

/**
 * Remote actors: fetched from their origin (never trusted from an embedded copy), stored, and
 * refreshed when stale. Storing an actor stores the public key it declares.
 */
public final class RemoteActors {

  static final Duration STALE_AFTER = Duration.ofDays(1);

  private final RemoteFetches fetcher;
  private final ActorRepository actors;
  private final RemoteKeyRepository keys;
  private final String localAuthority;
  private final ActorProfileRepository profiles;
  private final MediaRepository media;
  private final int maxFields;

  public RemoteActors(RemoteFetches fetcher, ActorRepository actors, RemoteKeyRepository keys, String localAuthority) {
    this(fetcher, actors, keys, localAuthority, null, null, 0);
  }

  /**
   * With {@code profiles}: the actor's header and fields (README "Profile and settings") are kept
   * too, sanitized; with {@code media}, its avatar and header become remote media rows, shown
   * through Torg's cache ({@code /media/actors/{id}/icon|header}).
   */
  public RemoteActors(RemoteFetches fetcher, ActorRepository actors, RemoteKeyRepository keys, String localAuthority,
      ActorProfileRepository profiles, MediaRepository media, int maxFields) {
    this.profiles = profiles;
    this.media = media;
    this.maxFields = maxFields;
    this.fetcher = fetcher;
    this.actors = actors;
    this.keys = keys;
    this.localAuthority = localAuthority;
  }

  /** The stored actor, fetched first when unknown or a day old. Local actors come from the table only. */
  public Future<Actor> resolve(String uri) {
    return actors.findByUri(uri).compose(found -> {
      if (found.isPresent() && (found.get().local() || !stale(found.get()))) {
        return Future.succeededFuture(found.get());
      }
      if (isLocal(uri)) {
        return Future.failedFuture(new ApToModel.InvalidDocumentException("no local actor " + uri));
      }
      // A stale copy still serves when its server cannot be reached right now.
      return found.isPresent() ? refresh(uri).recover(e -> Future.succeededFuture(found.get())) : refresh(uri);
    });
  }

  /** Fetches the actor's document from its origin and stores it and its keys. */
  public Future<Actor> refresh(String uri) {
    if (isLocal(uri)) {
      return Future.failedFuture(new ApToModel.InvalidDocumentException("a remote document may not claim a local id: " + uri));
    }
    return fetcher.fetchJson(URI.create(uri)).compose(doc -> store(doc.json()));
  }

  /** Stores an actor document fetched from its own id (the fetcher checked id = URL). */
  public Future<Actor> store(JsonObject doc) {
    var fields = ApToModel.actorFields(doc);
    return actors.upsertRemote(fields).compose(actor -> storeKeys(doc, actor).compose(v -> storeProfile(doc, actor)).map(actor));
  }

  private Future<Void> storeProfile(JsonObject doc, Actor actor) {
    if (profiles == null) {
      return Future.succeededFuture();
    }
    var profile = RemoteProfiles.of(doc, maxFields);
    java.util.List<String> images = new java.util.ArrayList<>();
    if (actor.iconUrl() != null) {
      images.add(actor.iconUrl());
    }
    if (profile.headerUrl() != null) {
      images.add(profile.headerUrl());
    }
    return profiles.save(actors.pool(), actor.id(), profile)
        .compose(v -> media == null ? Future.succeededFuture() : media.syncRemoteProfileImages(actors.pool(), actor.id(), images));
  }

  /**
   * A key is stored only when its id is on its owner's origin: an actor document may not
   * declare a key id of another server. And a key row already stored for another owner is
   * never replaced (the repository refuses it), so no document can take over someone else's key.
   */
  private Future<Void> storeKeys(JsonObject doc, Actor actor) {
    Object publicKey = doc.getValue("publicKey");
    String keyId = publicKey instanceof JsonObject k ? k.getString("id") : null;
    Optional<ApToModel.DeclaredKey> declared = keyId == null ? Optional.empty() : ApToModel.declaredKey(doc, keyId);
    if (declared.isEmpty() || !declared.get().owner().equals(actor.uri()) || !Origin.same(declared.get().keyId(), actor.uri())) {
      return Future.succeededFuture();
    }
    return keys.upsert(new RemoteKey(declared.get().keyId(), actor.uri(), declared.get().publicKeyPem())).mapEmpty();
  }

  private static boolean stale(Actor actor) {
    return !actor.deleted() && actor.fetchedAt().map(at -> Instant.now().isAfter(at.plus(STALE_AFTER))).orElse(true);
  }

  private boolean isLocal(String uri) {
    return ApToModel.authorityOf(uri).map(localAuthority::equalsIgnoreCase).orElse(false);
  }
}
