package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Principal;
import org.torg.server.model.ReplyPolicy;
import org.torg.server.processing.Groups;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moderation.GroupModeration;
import org.torg.server.processing.remote.ActorLookup;

/** What a Group's moderators (and instance moderators) decide for the Group: bans, reply policies, pre-moderation. */
public final class GroupModerationRoutes {

  private final Groups groups;
  private final Permissions permissions;
  private final GroupModeration moderation;
  private final ThreadRepository threads;
  private final ActorLookup lookup;

  public GroupModerationRoutes(Groups groups, Permissions permissions, GroupModeration moderation, ThreadRepository threads,
      ActorLookup lookup) {
    this.groups = groups;
    this.permissions = permissions;
    this.moderation = moderation;
    this.threads = threads;
    this.lookup = lookup;
  }

  public void mount(Router router) {
    router.patch("/api/v1/groups/:name").handler(this::configure);
    router.get("/api/v1/groups/:name/bans").handler(this::bans);
    router.post("/api/v1/groups/:name/bans").handler(this::ban);
    router.delete("/api/v1/groups/:name/bans").handler(this::unban);
    router.get("/api/v1/groups/:name/held").handler(this::held);
    router.post("/api/v1/groups/:name/held/:id/approve").handler(ctx -> decide(ctx, true));
    router.post("/api/v1/groups/:name/held/:id/reject").handler(ctx -> decide(ctx, false));
    router.put("/api/v1/threads/:id/reply-policy").handler(this::threadPolicy);
  }

  /** {replyPolicy?, premoderation?, reason}. */
  private void configure(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    Optional<ReplyPolicy> policy = body.string("replyPolicy").map(raw -> ReplyPolicy.fromWire(raw)
        .orElseThrow(() -> new HttpError(422, "invalid_replyPolicy", "replyPolicy is anyone, followers, members or closed.")));
    Optional<Boolean> premoderation = body.optionalFlag("premoderation");
    String reason = body.string("reason").orElse("");
    moderator(ctx).compose(m -> moderation.configure(m.by(), m.group(), policy, premoderation, reason)
            .compose(v -> groups.find(m.group().name())))
        .onSuccess(g -> ApiResponses.json(ctx, 200, org.torg.server.convert.ApiDocuments.group(g)))
        .onFailure(ctx::fail);
  }

  private void bans(RoutingContext ctx) {
    moderator(ctx).compose(m -> moderation.bans(m.group()))
        .onSuccess(list -> ApiResponses.json(ctx, 200, new JsonArray(list))).onFailure(ctx::fail);
  }

  /** {account: @name@host or actor URL, reason}. */
  private void ban(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String account = body.requiredString("account");
    String reason = body.string("reason").orElse("");
    moderator(ctx).compose(m -> lookup.find(account).compose(actor -> moderation.ban(m.by(), m.group(), actor, reason)
            .map(new JsonObject().put("actor", actor.uri()).put("handle", actor.handle()).put("reason", reason.strip()))))
        .onSuccess(b -> ApiResponses.json(ctx, 201, b)).onFailure(ctx::fail);
  }

  /** ?account=@name@host&reason=…. */
  private void unban(RoutingContext ctx) {
    String account = ctx.request().getParam("account");
    if (account == null || account.isBlank()) {
      throw new HttpError(422, "missing_account", "account is required.");
    }
    String reason = ctx.request().getParam("reason");
    moderator(ctx).compose(m -> lookup.find(account).compose(actor -> moderation.unban(m.by(), m.group(), actor, reason)))
        .onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }

  private void held(RoutingContext ctx) {
    moderator(ctx).compose(m -> moderation.heldPosts(m.group())).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(h -> out.add(new JsonObject().put("id", String.valueOf(h.id())).put("uri", h.objectUri())
          .put("author", h.note().getString("attributedTo")).put("createdAt", h.createdAt().toString())
          // Shown to moderators as sanitized HTML, as it would be once approved.
          .put("content", org.torg.server.convert.RemoteHtml.sanitize(h.note().getValue("content") instanceof String c ? c : ""))));
      ApiResponses.json(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  /** {reason} (required to reject). */
  private void decide(RoutingContext ctx, boolean approve) {
    long id = PathIds.of(ctx, "id");
    String reason = JsonBody.of(ctx).string("reason").orElse("");
    moderator(ctx).compose(m -> moderation.heldPost(m.group(), id).compose(h -> moderation.decide(m.by(), m.group(), h, approve, reason)))
        .onSuccess(outcome -> ApiResponses.json(ctx, 200, new JsonObject().put("outcome", outcome))).onFailure(ctx::fail);
  }

  /** {replyPolicy: anyone|followers|members|closed or null (the Group's), reason}: the thread's Group's moderators. */
  private void threadPolicy(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    ReplyPolicy policy = body.string("replyPolicy").map(raw -> ReplyPolicy.fromWire(raw)
        .orElseThrow(() -> new HttpError(422, "invalid_replyPolicy", "replyPolicy is anyone, followers, members, closed or null.")))
        .orElse(null);
    if (!body.has("replyPolicy")) {
      throw new HttpError(422, "missing_replyPolicy", "replyPolicy is required (null: the group's policy).");
    }
    String reason = body.string("reason").orElse("");
    var principal = Authentication.principal(ctx);
    Permissions.signedIn(principal);
    threads.findById(id).map(t -> t.filter(x -> x.groupId().isPresent() && x.local())
            .orElseThrow(() -> new HttpError(404, "not_found", "No such thread hosted here.")))
        .compose(thread -> groupOf(thread).compose(group -> permissions.groupModerator(principal, group)
            .compose(by -> moderation.setThreadPolicy(by, group, thread, policy, reason))))
        .onSuccess(v -> ApiResponses.json(ctx, 200, new JsonObject().put("id", String.valueOf(id))
            .put("replyPolicy", policy == null ? null : policy.wire())))
        .onFailure(ctx::fail);
  }

  private Future<LocalGroup> groupOf(DiscussionThread thread) {
    return groups.all().map(all -> all.stream().filter(g -> g.actor().id() == thread.groupId().orElseThrow()).findFirst()
        .orElseThrow(() -> new HttpError(404, "not_found", "That thread's group is gone.")));
  }

  private record Moderator(Principal by, LocalGroup group) {}

  private Future<Moderator> moderator(RoutingContext ctx) {
    var principal = Authentication.principal(ctx);
    Permissions.signedIn(principal);
    return groups.find(ctx.pathParam("name"))
        .compose(group -> permissions.groupModerator(principal, group).map(by -> new Moderator(by, group)));
  }
}
