package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Principal;
import org.torg.server.processing.Follows;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.remote.ActorLookup;

/** Following accounts and Groups, here or on other servers, by handle or URL (API.md). */
public final class FollowApiRoutes {

  private final Follows follows;
  private final FollowRepository followRows;
  private final ActorRepository actors;
  private final ActorLookup lookup;

  public FollowApiRoutes(Follows follows, FollowRepository followRows, ActorRepository actors, ActorLookup lookup) {
    this.follows = follows;
    this.followRows = followRows;
    this.actors = actors;
    this.lookup = lookup;
  }

  public void mount(Router router) {
    router.post("/api/v1/follows").handler(this::follow);
    router.delete("/api/v1/follows/:id").handler(this::unfollow);
  }

  /** {target: "@name@host" or an actor URL} → 201 {id, target, state: pending|accepted}. */
  private void follow(RoutingContext ctx) {
    Principal principal = Permissions.signedIn(Authentication.principal(ctx));
    String target = JsonBody.of(ctx).requiredString("target");
    lookup.find(target)
        .compose(actor -> follows.follow(principal.account().actor(), actor.uri()).map(follow -> new JsonObject()
            .put("id", Long.toString(follow.id())).put("target", actor.uri()).put("state", follow.state().name())))
        .onSuccess(body -> ApiResponses.json(ctx, 201, body))
        .onFailure(ctx::fail);
  }

  private void unfollow(RoutingContext ctx) {
    Principal principal = Permissions.signedIn(Authentication.principal(ctx));
    long id = PathIds.of(ctx, "id");
    followRows.findById(id)
        .map(found -> found.filter(f -> f.followerId() == principal.account().actor().id())
            .orElseThrow(() -> new HttpError(404, "not_found", "No such follow of yours.")))
        .compose(follow -> actors.findById(follow.followeeId()).map(a -> a.orElseThrow()))
        .compose((Actor target) -> follows.unfollow(principal.account().actor(), target))
        .compose(removed -> removed ? Future.succeededFuture() : Future.failedFuture(new HttpError(404, "not_found", "Not following.")))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
