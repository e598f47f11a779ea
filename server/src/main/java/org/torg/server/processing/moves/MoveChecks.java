package org.torg.server.processing.moves;

import io.vertx.core.Future;
import java.net.URI;
import java.util.List;
import org.torg.server.convert.ApToModel;
import org.torg.server.convert.MoveDocuments;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.remote.RemoteActors;
import org.torg.server.processing.remote.RemoteFetches;

/**
 * Whether a move's target really is the same person: its actor, as its own server serves it now
 * (never a cached copy), must list the old account in {@code alsoKnownAs}. A local target's
 * aliases are read from the table its owner fills.
 */
public final class MoveChecks {

  /** A move's target as it is now, with the aliases it lists. */
  public record Target(Actor actor, List<String> aliases) {

    public boolean lists(String oldUri) {
      return aliases.contains(oldUri);
    }
  }

  private final ActorRepository actors;
  private final AccountMoveRepository moves;
  private final RemoteActors remoteActors;
  private final RemoteFetches fetches;
  private final String localAuthority;

  public MoveChecks(ActorRepository actors, AccountMoveRepository moves, RemoteActors remoteActors, RemoteFetches fetches,
      String localAuthority) {
    this.actors = actors;
    this.moves = moves;
    this.remoteActors = remoteActors;
    this.fetches = fetches;
    this.localAuthority = localAuthority;
  }

  /** The actor at {@code uri}, fetched afresh from its origin when elsewhere; 422 when there is none. */
  public Future<Target> target(String uri) {
    boolean local = ApToModel.authorityOf(uri).map(localAuthority::equalsIgnoreCase).orElse(false);
    if (local) {
      return actors.findByUri(uri).compose(found -> {
        if (found.isEmpty() || !found.get().local() || found.get().deleted() || !found.get().served()) {
          return Future.failedFuture(new HttpError(422, "unknown_target", "There is no such account here."));
        }
        return moves.aliases(found.get().id()).map(aliases -> new Target(found.get(), aliases));
      });
    }
    URI url;
    try {
      url = URI.create(uri);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new HttpError(422, "unknown_target", "That is not an actor's URL."));
    }
    return fetches.fetchJson(url)
        .compose(doc -> remoteActors.store(doc.json()).map(actor -> new Target(actor, MoveDocuments.alsoKnownAs(doc.json()))))
        .recover(e -> Future.failedFuture(e instanceof HttpError ? e
            : new HttpError(422, "unknown_target", "The account at " + uri + " could not be fetched.")));
  }
}
