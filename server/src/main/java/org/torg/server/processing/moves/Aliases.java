package org.torg.server.processing.moves;

import io.vertx.core.Future;
import java.util.List;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.ActorUpdates;
import org.torg.server.processing.remote.ActorLookup;

/**
 * A person's {@code alsoKnownAs}: the accounts elsewhere (or here) they say are theirs too, which a
 * move from one of them to this account needs first. Each is resolved before it is stored, and its
 * actor id is what is listed; a change is sent as Update of the actor to its followers.
 */
public final class Aliases {

  /** Mastodon lets a person list a handful; more would only be a way to vouch for strangers. */
  public static final int MAX_ALIASES = 10;
  static final int MAX_QUERY = 2000;

  private final AccountMoveRepository moves;
  private final ActorLookup lookup;
  private final ActorUpdates updates;

  public Aliases(AccountMoveRepository moves, ActorLookup lookup, ActorUpdates updates) {
    this.moves = moves;
    this.lookup = lookup;
    this.updates = updates;
  }

  public Future<List<String>> of(Actor me) {
    return moves.aliases(me.id());
  }

  /** Adds the account {@code query} names (a handle or an actor URL); answers the alias list. */
  public Future<List<String>> add(Actor me, String query) {
    if (query == null || query.isBlank() || query.length() > MAX_QUERY) {
      return Future.failedFuture(new HttpError(422, "invalid_alias", "Give the other account's handle (@name@host) or URL."));
    }
    return lookup.find(query).compose(other -> {
      if (other.id() == me.id()) {
        return Future.failedFuture(new HttpError(422, "invalid_alias", "An account is not an alias of itself."));
      }
      if (other.deleted()) {
        return Future.failedFuture(new HttpError(422, "invalid_alias", "That account was deleted."));
      }
      return moves.aliases(me.id()).compose(list -> {
        if (list.contains(other.uri())) {
          return Future.succeededFuture(list);
        }
        if (list.size() >= MAX_ALIASES) {
          return Future.failedFuture(new HttpError(422, "too_many_aliases", "At most " + MAX_ALIASES + " aliases."));
        }
        return moves.addAlias(me.id(), other.uri(), MAX_ALIASES).compose(added -> added ? announce(me) : Future.failedFuture(
            new HttpError(422, "too_many_aliases", "At most " + MAX_ALIASES + " aliases.")));
      });
    });
  }

  /** Removes an alias, given as listed (its URL) or as a handle; 404 when it is not listed. */
  public Future<List<String>> remove(Actor me, String query) {
    if (query == null || query.isBlank() || query.length() > MAX_QUERY) {
      return Future.failedFuture(new HttpError(422, "invalid_alias", "Give the alias to remove."));
    }
    Future<String> uri = query.startsWith("http://") || query.startsWith("https://") ? Future.succeededFuture(query.strip())
        : lookup.find(query).map(Actor::uri);
    return uri.compose(u -> moves.removeAlias(me.id(), u)).compose(removed -> removed ? announce(me)
        : Future.failedFuture(new HttpError(404, "not_found", "That account is not one of your aliases.")));
  }

  /** Followers' servers learn the new list from an Update of the actor. */
  private Future<List<String>> announce(Actor me) {
    return updates.sendCurrent(me).compose(v -> moves.aliases(me.id()));
  }
}
