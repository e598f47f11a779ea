package org.torg.server.processing.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.torg.federation.fetch.FetchException;
import org.torg.federation.vocab.PostObject;
import org.torg.server.convert.ApToModel;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;
import org.torg.server.processing.posts.RemotePosts;

/**
 * What a handle or URL someone pasted stands for: an actor (to follow) or a post (to read and
 * reply to). Handles go through {@link ActorLookup}. A URL is looked up here first (actors, posts
 * and thread contexts this server knows), otherwise fetched from its origin: an actor is stored,
 * a public post is stored in its thread, its ancestors with it. A page URL that answers with a
 * document of another id (Mastodon's {@code /@user/123} for {@code /users/user/statuses/123}) is
 * followed to that id when it is on the same server.
 */
public final class Resolver {

  /** What a query resolved to: exactly one of the two. */
  public record Resolved(Optional<Actor> actor, Optional<Post> post) {}

  private static final Set<String> ACTOR_TYPES = Set.of("Person", "Service", "Application", "Organization", "Group");

  private final ActorLookup lookup;
  private final ActorRepository actors;
  private final PostRepository posts;
  private final ThreadRepository threads;
  private final RemoteActors remoteActors;
  private final RemotePosts remotePosts;
  private final RemoteFetches fetches;
  private final String localAuthority;

  public Resolver(ActorLookup lookup, ActorRepository actors, PostRepository posts, ThreadRepository threads,
      RemoteActors remoteActors, RemotePosts remotePosts, RemoteFetches fetches, String localAuthority) {
    this.lookup = lookup;
    this.actors = actors;
    this.posts = posts;
    this.threads = threads;
    this.remoteActors = remoteActors;
    this.remotePosts = remotePosts;
    this.fetches = fetches;
    this.localAuthority = localAuthority;
  }

  public Future<Resolved> resolve(String query) {
    String q = query == null ? "" : query.strip();
    if (q.isEmpty()) {
      return Future.failedFuture(new HttpError(400, "bad_request", "q is a handle like @name@host or a URL."));
    }
    if (!(q.startsWith("https://") || q.startsWith("http://"))) {
      return lookup.find(q).map(actor -> new Resolved(Optional.of(actor), Optional.empty()));
    }
    URI url;
    try {
      url = new URI(q);
      if (url.getHost() == null) {
        throw new java.net.URISyntaxException(q, "no host");
      }
    } catch (java.net.URISyntaxException e) {
      return Future.failedFuture(new HttpError(422, "invalid_target", "That is not a URL."));
    }
    return known(q).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
      if (isLocal(q)) {
        return Future.failedFuture(new HttpError(404, "not_found", "Nothing here has that address."));
      }
      return fetch(url);
    });
  }

  /**
   * What a handle or URL stands for among what this server has stored, asking no other server:
   * for readers who may not make this server fetch (signed out).
   */
  public Future<Optional<Resolved>> resolveKnown(String query) {
    String q = query == null ? "" : query.strip();
    if (q.startsWith("https://") || q.startsWith("http://")) {
      return known(q);
    }
    Optional<Handle> handle = Handle.parse(q);
    if (handle.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return actors.findByHandle(handle.get().name(), handle.get().isOn(localAuthority) ? localAuthority : handle.get().host())
        .map(actor -> actor.filter(a -> a.local() ? a.served() : !a.deleted())
            .map(a -> new Resolved(Optional.of(a), Optional.empty())));
  }

  /** Actors, posts and threads this server has already: no request goes out for them. */
  private Future<Optional<Resolved>> known(String uri) {
    return posts.findByUri(uri).compose(post -> {
      if (post.isPresent()) {
        return Future.succeededFuture(Optional.of(new Resolved(Optional.empty(), post)));
      }
      return actors.findByUri(uri).compose(actor -> {
        if (actor.isPresent() && (actor.get().local() ? actor.get().served() : !actor.get().deleted())) {
          return Future.succeededFuture(Optional.of(new Resolved(actor, Optional.empty())));
        }
        return threads.findByUri(uri).compose(thread -> thread.flatMap(t -> t.rootPostId())
            .map(root -> posts.findById(root).map(p -> p.map(found -> new Resolved(Optional.empty(), Optional.of(found)))))
            .orElse(Future.succeededFuture(Optional.empty())));
      });
    });
  }

  private Future<Resolved> fetch(URI url) {
    return fetches.fetchJson(url).transform(done -> {
      if (done.succeeded()) {
        return store(done.result().json());
      }
      if (done.cause() instanceof FetchException f && f.reason() == FetchException.Reason.ID_MISMATCH) {
        return viaItsId(url);
      }
      return Future.failedFuture(unresolvable("Nothing could be fetched from that URL."));
    });
  }

  /** A page URL: the id its document names, fetched from that id, if it is on the same server. */
  private Future<Resolved> viaItsId(URI url) {
    return fetches.fetchForId(url)
        .recover(e -> Future.failedFuture(unresolvable("Nothing could be fetched from that URL.")))
        .compose(doc -> {
          Object id = doc.json().getValue("id");
          if (!(id instanceof String s) || s.equals(url.toString()) || !ApToModel.sameAuthority(s, url.toString())) {
            return Future.failedFuture(unresolvable("That page does not name a post or actor of its own server."));
          }
          return known(s).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
              : fetches.fetchJson(URI.create(s))
                  .recover(e -> Future.failedFuture(unresolvable("Nothing could be fetched from that URL.")))
                  .compose(d -> store(d.json())));
        });
  }

  private Future<Resolved> store(JsonObject doc) {
    Object type = doc.getValue("type");
    if (type instanceof String t && ACTOR_TYPES.contains(t)) {
      return remoteActors.store(doc).map(actor -> new Resolved(Optional.of(actor), Optional.empty()))
          .recover(e -> Future.failedFuture(unresolvable("That actor's document is not usable.")));
    }
    if (PostObject.isPostType(doc)) {
      return remotePosts.receiveLookedUp(doc).compose(outcome -> outcome.post().isPresent()
          ? Future.succeededFuture(new Resolved(Optional.empty(), outcome.post()))
          : Future.failedFuture(unresolvable("That post cannot be shown here ("
              + outcome.code().replaceFirst("^[a-z]+:", "").replace('_', ' ') + ").")));
    }
    return Future.failedFuture(unresolvable("That URL is neither an actor nor a post."));
  }

  private static HttpError unresolvable(String message) {
    return new HttpError(422, "unresolvable", message);
  }

  private boolean isLocal(String uri) {
    return ApToModel.authorityOf(uri).map(localAuthority::equalsIgnoreCase).orElse(false);
  }
}
