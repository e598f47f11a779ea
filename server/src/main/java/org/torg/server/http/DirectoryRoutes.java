package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.torg.server.db.BranchMembershipRepository.Listed;
import org.torg.server.db.BranchMembershipRepository.Membership;
import org.torg.server.db.BranchMembershipRepository.State;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.Groups;
import org.torg.server.processing.network.Directory;

/**
 * The directory of branches, as an API. A branch Group's moderators ask to join a hub and leave
 * it; the hub's moderators see the requests, approve or refuse them, and remove branches. Anyone
 * reads (and searches) a hub's approved branches; only its moderators see the pending ones.
 */
public final class DirectoryRoutes {

  private static final int LISTED = 100;
  /** A search longer than any place or name finds nothing anyway. */
  private static final int MAX_QUERY = 200;

  private final Groups groups;
  private final GroupFollowRoutes followRoutes;
  private final Directory directory;

  public DirectoryRoutes(Groups groups, GroupFollowRoutes followRoutes, Directory directory) {
    this.groups = groups;
    this.followRoutes = followRoutes;
    this.directory = directory;
  }

  public void mount(Router router) {
    router.post("/api/v1/groups/:name/hubs").handler(this::ask);
    router.get("/api/v1/groups/:name/hubs").handler(this::hubs);
    router.delete("/api/v1/groups/:name/hubs").handler(this::leave);
    router.get("/api/v1/groups/:name/branches").handler(this::branches);
    router.post("/api/v1/groups/:name/branches/:id/approve").handler(this::approve);
    router.post("/api/v1/groups/:name/branches/:id/refuse").handler(this::refuse);
    router.delete("/api/v1/groups/:name/branches/:id").handler(this::refuse);
  }

  /** {hub: "!name@host" or a Group's URL, place?} → 201 {hub, handle, state, place}: the Join is sent. */
  private void ask(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String hub = body.requiredString("hub");
    String place = Directory.place(body.string("place").orElse(null));
    followRoutes.moderated(ctx).compose(group -> followRoutes.groupAt(hub)
            .compose(hubActor -> directory.ask(group.actor(), hubActor, place).map(m -> asked(hubActor, m))))
        .onSuccess(json -> ApiResponses.json(ctx, 201, json))
        .onFailure(ctx::fail);
  }

  /** → 200 {hubs: [{hub, handle, state, place}]}: the hubs this Group asked to join. For its moderators. */
  private void hubs(RoutingContext ctx) {
    followRoutes.moderated(ctx).compose(group -> directory.memberships().hubsOf(group.actor().id()))
        .map(list -> {
          JsonArray hubs = new JsonArray();
          list.forEach(h -> hubs.add(new JsonObject().put("hub", h.uri()).put("handle", "!" + h.username() + "@" + h.host())
              .put("state", h.state().name()).put("place", h.place())));
          return new JsonObject().put("hubs", hubs);
        })
        .onSuccess(json -> ApiResponses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** ?hub=… → 204, the hub gets Leave; 404 when this Group had not asked to join it. */
  private void leave(RoutingContext ctx) {
    String hub = ctx.request().getParam("hub");
    if (hub == null || hub.isBlank()) {
      throw new HttpError(422, "missing_hub", "hub is required.");
    }
    followRoutes.moderated(ctx).compose(group -> followRoutes.groupAt(hub).compose((Actor h) -> directory.leave(group.actor(), h)))
        .compose(left -> left ? Future.succeededFuture() : Future.<Void>failedFuture(
            new HttpError(404, "not_found", "This Group is not a branch of that hub and has not asked to be.")))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  /** ?state=approved|pending&q=… → 200 {branches: [...]}; pending only for the hub's moderators. */
  private void branches(RoutingContext ctx) {
    String stateName = Optional.ofNullable(ctx.request().getParam("state")).orElse("approved");
    State state;
    try {
      state = State.valueOf(stateName);
    } catch (IllegalArgumentException e) {
      throw new HttpError(422, "invalid_state", "state must be approved or pending.");
    }
    String query = Optional.ofNullable(ctx.request().getParam("q")).orElse("");
    if (query.length() > MAX_QUERY) {
      throw new HttpError(422, "invalid_q", "q is at most " + MAX_QUERY + " characters.");
    }
    Future<org.torg.server.model.LocalGroup> group = state == State.pending ? followRoutes.moderated(ctx)
        : groups.find(ctx.pathParam("name"));
    group.compose(hub -> directory.branches(hub.actor(), state, query, LISTED, 0))
        .map(list -> {
          JsonArray branches = new JsonArray();
          list.forEach(b -> branches.add(listed(b)));
          return new JsonObject().put("branches", branches);
        })
        .onSuccess(json -> ApiResponses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** → 200 the branch, approved: the branch gets Accept, and the hub follows it. */
  private void approve(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    followRoutes.moderated(ctx).compose(hub -> directory.approve(hub.actor(), id))
        .map(m -> new JsonObject().put("id", m.id()).put("state", m.state().name()))
        .onSuccess(json -> ApiResponses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** → 204: a request refused, or a branch removed; the branch gets Reject, and the hub stops following it. */
  private void refuse(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    followRoutes.moderated(ctx).compose(hub -> directory.refuse(hub.actor(), id))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static JsonObject asked(Actor hub, Membership m) {
    return new JsonObject().put("hub", hub.uri()).put("handle", "!" + hub.username() + "@" + hub.host())
        .put("state", m.state().name()).put("place", m.place());
  }

  static JsonObject listed(Listed b) {
    return new JsonObject().put("id", b.id()).put("branch", b.uri()).put("handle", "!" + b.username() + "@" + b.host())
        .put("name", b.displayName() != null ? b.displayName() : b.username()).put("server", b.host())
        .put("summary", b.summary()).put("url", b.url()).put("place", b.place()).put("state", b.state().name())
        .put("requested_at", b.requestedAt().toString());
  }
}
