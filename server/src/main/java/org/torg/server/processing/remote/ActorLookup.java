package org.torg.server.processing.remote;

import io.vertx.core.Future;
import java.net.URI;
import java.util.Optional;
import org.torg.federation.webfinger.WebFingerClient;
import org.torg.server.db.ActorRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;

/**
 * Finds an actor from what a person types: an actor URL (here or elsewhere), or a handle
 * {@code @name@host} / {@code name@host}. Handles on this instance are looked up directly,
 * handles elsewhere through WebFinger, and the actor is then fetched from its origin.
 */
public final class ActorLookup {

  private final ActorRepository actors;
  private final RemoteActors remoteActors;
  private final WebFingerClient webFinger;
  private final String localAuthority;

  public ActorLookup(ActorRepository actors, RemoteActors remoteActors, WebFingerClient webFinger, String localAuthority) {
    this.actors = actors;
    this.remoteActors = remoteActors;
    this.webFinger = webFinger;
    this.localAuthority = localAuthority;
  }

  public Future<Actor> find(String query) {
    String q = query == null ? "" : query.strip();
    if (q.startsWith("https://") || q.startsWith("http://")) {
      try {
        URI.create(q);
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new HttpError(422, "invalid_target", "That is not a URL."));
      }
      return remoteActors.resolve(q).recover(e -> Future.failedFuture(e instanceof HttpError ? e
          : new HttpError(422, "unresolvable", "No actor could be fetched from that URL.")));
    }
    Optional<Handle> handle = Handle.parse(q);
    if (handle.isEmpty()) {
      return Future.failedFuture(new HttpError(422, "invalid_target", "Give a handle like @name@host or an actor's URL."));
    }
    String name = handle.get().name();
    String host = handle.get().host();
    if (handle.get().isOn(localAuthority)) {
      return actors.findLocalByUsername(name).map(found -> found.filter(Actor::served)
          .orElseThrow(() -> new HttpError(404, "not_found", "No such account or group here.")));
    }
    return webFinger.actorId(name, host)
        .recover(e -> Future.failedFuture(new HttpError(422, "unresolvable", "No account " + name + "@" + host + " could be found.")))
        .compose(uri -> remoteActors.resolve(uri).recover(e -> Future.failedFuture(e instanceof HttpError ? e
            : new HttpError(422, "unresolvable", "The account " + name + "@" + host + " could not be fetched."))));
  }
}
