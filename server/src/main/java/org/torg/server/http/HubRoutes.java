package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.db.HubThreadRepository.Mode;
import org.torg.server.error.HttpError;
import org.torg.server.processing.Groups;
import org.torg.server.processing.hubs.HubReshares;

/**
 * A hub's moderators choose, per Group it follows, whether it re-shares all of that Group's new
 * threads or only those they pick, and pick them; anyone reads the threads of the hub's branches.
 */
public final class HubRoutes {

  /** Longer than any id Torg, Mastodon or Lemmy makes; a longer one is no thread a hub received. */
  private static final int MAX_URI = 2048;
  private static final int LISTED = 50;

  private final Groups groups;
  private final GroupFollowRoutes followRoutes;
  private final HubReshares hubs;

  public HubRoutes(Groups groups, GroupFollowRoutes followRoutes, HubReshares hubs) {
    this.groups = groups;
    this.followRoutes = followRoutes;
    this.hubs = hubs;
  }

  public void mount(Router router) {
    router.put("/api/v1/groups/:name/follows/reshare").handler(this::setMode);
    router.post("/api/v1/groups/:name/reshares").handler(this::pick);
    router.delete("/api/v1/groups/:name/reshares").handler(this::unpick);
    router.get("/api/v1/groups/:name/hub/threads").handler(this::threads);
  }

  /** {target, mode: all|picked} → 200 {target, mode}; 404 when the Group does not follow target. */
  private void setMode(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String target = body.requiredString("target");
    String modeName = body.requiredString("mode");
    Mode mode;
    try {
      mode = Mode.valueOf(modeName);
    } catch (IllegalArgumentException e) {
      throw new HttpError(422, "invalid_mode", "mode must be all or picked.");
    }
    followRoutes.moderated(ctx).compose(group -> followRoutes.groupAt(target)
            .compose(branch -> hubs.setMode(group.actor(), branch, mode)
                .map(v -> new JsonObject().put("target", branch.uri()).put("mode", mode.name()))))
        .onSuccess(json -> ApiResponses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** {thread: the root post's id} → 201 {thread, reshared: true}; 404 for a thread the hub never received. */
  private void pick(RoutingContext ctx) {
    String thread = checkedThread(JsonBody.of(ctx).requiredString("thread"));
    followRoutes.moderated(ctx).compose(group -> hubs.pick(group.actor(), thread))
        .onSuccess(v -> ApiResponses.json(ctx, 201, new JsonObject().put("thread", thread).put("reshared", true)))
        .onFailure(ctx::fail);
  }

  /** ?thread=the root post's id → 204, the hub's followers get Undo(Announce); 409 when it is not re-shared. */
  private void unpick(RoutingContext ctx) {
    String param = ctx.request().getParam("thread");
    if (param == null) {
      throw new HttpError(422, "missing_thread", "thread is required.");
    }
    String thread = checkedThread(param);
    followRoutes.moderated(ctx).compose(group -> hubs.unpick(group.actor(), thread))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static String checkedThread(String thread) {
    if (thread.isBlank() || thread.length() > MAX_URI) {
      throw new HttpError(422, "invalid_thread", "thread must be the id of a thread's root post.");
    }
    return thread;
  }

  /** The threads of the hub's branches, latest activity first, each with its branch and server. */
  private void threads(RoutingContext ctx) {
    groups.find(ctx.pathParam("name")).compose(group -> hubs.threads().threadsOf(group.actor().id(), LISTED))
        .onSuccess(list -> {
          JsonArray items = new JsonArray();
          list.forEach(t -> items.add(new JsonObject().put("thread", t.rootUri()).put("threadId", Long.toString(t.threadId())).put("url", t.pageUrl())
              .put("title", t.title()).put("lastActivityAt", t.lastActivityAt().toString()).put("replies", t.replyCount())
              .put("branch", new JsonObject().put("name", t.branchName()).put("host", t.branchHost()).put("url", t.branchUrl()))
              .put("reshared", t.reshared())));
          ApiResponses.json(ctx, 200, new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }
}
