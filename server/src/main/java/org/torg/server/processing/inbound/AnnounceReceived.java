package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.torg.federation.fetch.FetchException;
import org.torg.federation.vocab.InboundActivity.Announce;
import org.torg.federation.vocab.ObjectRef;
import org.torg.server.convert.ApToModel;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.PostRepository.Reaction;
import org.torg.server.model.Actor;
import org.torg.server.processing.hubs.HubReshares;
import org.torg.server.processing.network.PartyConsultations;
import org.torg.server.processing.posts.RemotePosts;
import org.torg.server.processing.remote.RemoteActors;

/**
 * An Announce. Of a Torg post: a share, counted. From a Group (or anyone) followed here: the
 * post it passes on, fetched from its origin and stored in its thread; a Lemmy-family Group
 * relays the whole activity (FEP-1b12), whose Create, Update or Delete is then applied, each
 * checked against the post's origin rather than trusted as relayed. A new thread from a followed
 * Group is then offered to the hubs here that follow it ({@link HubReshares}).
 */
final class AnnounceReceived extends InboundHandler<Announce> {

  private final PostRepository posts;
  private final ActorRepository actors;
  private final FollowRepository follows;
  private final RemoteActors remoteActors;
  private final RemotePosts remotePosts;
  private final PostObjects objects;
  private final HubReshares hubs;
  private final PartyConsultations party;

  AnnounceReceived(PostRepository posts, ActorRepository actors, FollowRepository follows, RemoteActors remoteActors,
      RemotePosts remotePosts, PostObjects objects, HubReshares hubs, PartyConsultations party) {
    this.party = party;
    this.posts = posts;
    this.actors = actors;
    this.follows = follows;
    this.remoteActors = remoteActors;
    this.remotePosts = remotePosts;
    this.objects = objects;
    this.hubs = hubs;
  }

  @Override
  Future<Optional<String>> verify(Announce announce) {
    return proceed();
  }

  @Override
  Future<String> receive(Announce announce) {
    return posts.findByUri(announce.object().id()).compose(known -> {
      if (known.isPresent() && known.get().local()) {
        return remoteActors.resolve(announce.actor()).compose(sharer -> posts.pool().withTransaction(tx ->
            posts.addReaction(tx, known.get().id(), sharer.id(), Reaction.share, announce.id())))
            .map(added -> added ? "shared" : "ignored:already_shared");
      }
      return actors.findByUri(announce.actor()).compose(sharer -> sharer.isEmpty()
          ? Future.succeededFuture(Optional.<Actor>empty())
          : follows.hasLocalFollower(sharer.get().id()).map(followed -> followed ? sharer : Optional.<Actor>empty()))
          .compose(followed -> followed.isEmpty() ? Future.succeededFuture("ignored:announcer_not_followed")
              : relay(announce.object()).compose(code -> passOn(followed.get(), announce.object(), code)));
    });
  }

  /**
   * A new post a followed Group passed on: the hubs here that follow that Group may re-share it
   * (they do only for a thread's root), and the branches here of a hub enter its party-wide consultation. A failure fails the Announce, which is then tried again:
   * what a hub remembers is unique per thread, so a second try re-shares nothing twice.
   */
  private Future<String> passOn(Actor sharer, ObjectRef object, String code) {
    String type = object.embeddedType().orElse("");
    if (type.equals("Update") || type.equals("Delete")) {
      return Future.succeededFuture(code);
    }
    String postId = object.embedded().filter(e -> e.containsKey("actor"))
        .flatMap(e -> ObjectRef.of(e.getValue("object"))).map(ObjectRef::id).orElse(object.id());
    return posts.findByUri(postId)
        .compose(post -> post.isEmpty() ? Future.succeededFuture(code) : hubs.received(sharer, post.get())
            .compose(v -> party.received(sharer, post.get())).map(code));
  }

  private Future<String> relay(ObjectRef object) {
    Optional<JsonObject> embedded = object.embedded();
    String type = object.embeddedType().orElse("");
    if (embedded.isPresent() && embedded.get().containsKey("actor")) {
      // An activity relayed by a Group: its actor signed nothing here, so its object is checked at its origin.
      String innerActor = ObjectRef.of(embedded.get().getValue("actor")).map(ObjectRef::id).orElse("");
      Optional<ObjectRef> inner = ObjectRef.of(embedded.get().getValue("object"));
      if (inner.isEmpty() || !ApToModel.sameAuthority(inner.get().id(), innerActor)) {
        return Future.succeededFuture("ignored:relayed_object_not_on_its_actors_server");
      }
      String innerId = inner.get().id();
      return switch (type) {
        case "Create" -> objects.fetched(innerId).compose(note -> note.isEmpty() || !innerActor.equals(note.get().attributedTo())
            ? Future.succeededFuture("ignored:not_a_post")
            : remoteActors.resolve(innerActor).compose(author -> remotePosts.receive(note.get(), author, embedded.get(), true))
                .map(RemotePosts.Outcome::code));
        case "Update" -> objects.fetched(innerId).compose(note -> note.isEmpty() || !innerActor.equals(note.get().attributedTo())
            ? Future.succeededFuture("ignored:not_a_post")
            : remoteActors.resolve(innerActor).compose(author -> remotePosts.update(note.get(), author, embedded.get())));
        case "Delete" -> objects.fetched(innerId)
            .map(stillThere -> "ignored:relayed_delete_of_a_live_post")
            .recover(e -> e instanceof FetchException f && (f.status() == 404 || f.status() == 410)
                ? remoteActors.resolve(innerActor).compose(author -> remotePosts.delete(innerId, author, embedded.get()))
                : Future.succeededFuture("ignored:relayed_delete_unverified"));
        default -> Future.succeededFuture("ignored:relayed_" + (type.matches("[A-Za-z]{1,20}") ? type : "other"));
      };
    }
    return remotePosts.fetch(object.id(), true).map(post -> "post_stored")
        .recover(e -> Future.succeededFuture("ignored:announced_object_unavailable"));
  }
}
