package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.model.LocalGroup;
import org.torg.server.processing.Follows;
import org.torg.server.processing.Groups;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.remote.ActorLookup;

/**
 * A Group's moderators make their Group follow another Group, here or on another server (a Torg
 * Group, a Lemmy community, any FEP-1b12 Group), and stop following it. The first step of the branch
 * network (issue 15): once followed, the other Group's Announces reach this Group like any follow's.
 */
public final class GroupFollowRoutes {

  private final Groups groups;
  private final Permissions permissions;
  private final Follows follows;
  private final ActorLookup lookup;

  public GroupFollowRoutes(Groups groups, Permissions permissions, Follows follows, ActorLookup lookup) {
    this.groups = groups;
    this.permissions = permissions;
    this.follows = follows;
    this.lookup = lookup;
  }

  public void mount(Router router) {
    router.post("/api/v1/groups/:name/follows").handler(this::follow);
    router.delete("/api/v1/groups/:name/follows").handler(this::unfollow);
  }

  /** {target: "!name@host", "@name@host" or a Group's URL} → 201 {target, state: pending|accepted}. */
  private void follow(RoutingContext ctx) {
    String target = JsonBody.of(ctx).requiredString("target");
    moderated(ctx).compose(group -> groupAt(target).compose(followee -> follows.follow(group.actor(), followee.uri())
            .map(follow -> new JsonObject().put("target", followee.uri()).put("handle", followee.handle())
                .put("state", follow.state().name()))))
        .onSuccess(body -> ApiResponses.json(ctx, 201, body))
        .onFailure(ctx::fail);
  }

  /** ?target=… → 204; 404 when the Group does not follow it. */
  private void unfollow(RoutingContext ctx) {
    String target = ctx.request().getParam("target");
    if (target == null || target.isBlank()) {
      throw new HttpError(422, "missing_target", "target is required.");
    }
    moderated(ctx).compose(group -> groupAt(target).compose((Actor followee) -> follows.unfollow(group.actor(), followee)))
        .compose(removed -> removed ? Future.succeededFuture() : Future.<Void>failedFuture(
            new HttpError(404, "not_found", "This Group does not follow that Group.")))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  /** Only Groups: a branch network is made of Groups, and a Group following a Person would pull in their every post. */
  Future<Actor> groupAt(String target) {
    return lookup.find(target.startsWith("!") ? "@" + target.substring(1) : target).compose(actor -> actor.type() == ActorType.Group
        ? Future.succeededFuture(actor)
        : Future.failedFuture(new HttpError(422, "not_a_group", "A Group can follow only another Group.")));
  }

  Future<LocalGroup> moderated(RoutingContext ctx) {
    var principal = Authentication.principal(ctx);
    Permissions.signedIn(principal);
    return groups.find(ctx.pathParam("name"))
        .compose(group -> permissions.groupModerator(principal, group).map(by -> group));
  }
}
