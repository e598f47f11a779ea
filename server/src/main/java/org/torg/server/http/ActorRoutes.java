package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.torg.server.convert.ActorDocuments;
import org.torg.server.convert.CollectionDocuments;
import org.torg.server.convert.DirectoryDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.db.ActorProfileRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.OutboxRepository;
import org.torg.server.error.HttpError;
import org.torg.server.http.pages.PublicPages;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorProfile;
import org.torg.server.model.ActorType;
import org.torg.server.processing.LocalActorDocuments;

/**
 * Local actors at their ids, and their outbox, followers and following collections. Servers get
 * ActivityPub JSON, browsers HTML, on the same URL. No signature is required to read them: keys
 * and actors must stay fetchable by servers in authorized-fetch mode (INTEROP §2).
 */
public final class ActorRoutes {

  private final ActorRepository actors;
  private final FollowRepository follows;
  private final OutboxRepository outbox;
  private final LocalUris uris;
  private final PublicPages pages;
  private final LocalActorDocuments actorDocuments;
  private final AccountMoveRepository moves;
  private final ActorProfileRepository profiles;

  /**
   * @param actorDocuments the actor's ActivityPub document as it stands
   * @param moves and {@code profiles}: what a person's page shows besides (where it moved, header and fields)
   */
  public ActorRoutes(ActorRepository actors, FollowRepository follows, OutboxRepository outbox, LocalUris uris,
      PublicPages pages, LocalActorDocuments actorDocuments, AccountMoveRepository moves, ActorProfileRepository profiles) {
    this.actors = actors;
    this.follows = follows;
    this.outbox = outbox;
    this.uris = uris;
    this.pages = pages;
    this.actorDocuments = actorDocuments;
    this.moves = moves;
    this.profiles = profiles;
  }

  public void mount(Router router) {
    for (String prefix : List.of("/users/:name", "/groups/:name", LocalUris.INSTANCE_ACTOR_PATH)) {
      router.get(prefix).handler(this::actor);
      router.get(prefix + "/followers").handler(ctx -> collection(ctx, "followers"));
      router.get(prefix + "/following").handler(ctx -> collection(ctx, "following"));
      router.get(prefix + "/outbox").handler(ctx -> collection(ctx, "outbox"));
    }
  }

  /** The local actor a request's path names, or a 404/410 failure. */
  private Future<Actor> target(RoutingContext ctx) {
    String path = ctx.request().path();
    Future<Optional<Actor>> found;
    if (path.equals(LocalUris.INSTANCE_ACTOR_PATH) || path.startsWith(LocalUris.INSTANCE_ACTOR_PATH + "/")) {
      found = actors.findByUri(uris.instanceActor());
    } else {
      ActorType type = path.startsWith("/groups/") ? ActorType.Group : ActorType.Person;
      String name = ctx.pathParam("name");
      found = actors.findLocalByUsername(name).map(a -> a.filter(actor -> actor.type() == type).filter(Actor::served));
    }
    return found.map(a -> a.orElseThrow(() -> new HttpError(404, "not_found", "No such actor here.")));
  }

  private void actor(RoutingContext ctx) {
    target(ctx).compose(actor -> {
      boolean json = ContentNegotiation.wantsActivityJson(ctx.request());
      if (actor.deleted()) {
        if (json) {
          ContentNegotiation.sendActivityJson(ctx.response(), 410, ActorDocuments.tombstone(actor));
        } else {
          pages.gone(ctx, "gone.account");
        }
        return Future.succeededFuture();
      }
      if (!json && actor.type() == ActorType.Group) {
        pages.group(ctx, actor);
        return Future.succeededFuture();
      }
      if (!json) {
        // A person's page shows where the account moved (README "Export, import and moving") and
        // its header and fields (README "Profile and settings").
        var movedTo = moves.movedTo(actor.id()).map(m -> m.map(AccountMoveRepository.Move::targetUri));
        Future<ActorProfile> profile = profiles.find(actor.id());
        return Future.all(movedTo, profile).map(all -> {
          pages.profile(ctx, actor, movedTo.result(), profile.result());
          return null;
        });
      }
      return actorDocuments.current(actors.pool(), actor).map(doc -> {
        if (actor.type() == ActorType.Group) {
          DirectoryDocuments.withBranches(doc);
        }
        ContentNegotiation.sendActivityJson(ctx.response(), 200,
            Boolean.TRUE.equals(ctx.get(SignedFetches.KEYS_ONLY)) ? ActorDocuments.keysOnly(doc) : doc);
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private void collection(RoutingContext ctx, String which) {
    int page;
    try {
      String p = ctx.request().getParam("page");
      page = p == null ? 0 : Integer.parseInt(p);
      if (page < 0 || page > 100_000) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      ctx.fail(new HttpError(400, "bad_request", "page must be a positive whole number."));
      return;
    }
    target(ctx).compose(actor -> {
      if (actor.deleted()) {
        return Future.failedFuture(new HttpError(410, "gone", "This account was deleted."));
      }
      String id = switch (which) {
        case "followers" -> actor.followersUrl();
        case "following" -> actor.followingUrl();
        default -> actor.outbox();
      };
      Future<Long> total = switch (which) {
        case "followers" -> follows.countFollowers(actor.id());
        case "following" -> follows.countFollowing(actor.id());
        default -> outbox.countPublic(actor.id());
      };
      Function<Integer, Future<? extends List<?>>> items = offset -> switch (which) {
        case "followers" -> follows.followerUris(actor.id(), CollectionDocuments.PAGE_SIZE, offset);
        case "following" -> follows.followingUris(actor.id(), CollectionDocuments.PAGE_SIZE, offset);
        default -> outbox.publicPage(actor.id(), CollectionDocuments.PAGE_SIZE, offset);
      };
      return total.compose(n -> page == 0
          ? Future.succeededFuture(CollectionDocuments.collection(id, n))
          : items.apply(CollectionDocuments.offset(page)).map(list -> CollectionDocuments.page(id, page, n, list)));
    }).onSuccess(doc -> ContentNegotiation.sendActivityJson(ctx.response(), 200, doc)).onFailure(ctx::fail);
  }

  /**
   * A bare page frame, for the few HTML answers that have no template of their own yet (the
   * web client's pages are rendered by {@code http.pages}). Callers escape what they put in.
   */
  static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + org.owasp.encoder.Encode.forHtml(title) + "</title>\n<link rel=\"stylesheet\" href=\"/torg.css\">\n</head>\n"
        + "<body>\n<main>\n" + body + "\n</main>\n</body>\n</html>\n";
  }
}
