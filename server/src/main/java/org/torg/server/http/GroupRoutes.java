package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.db.GroupMemberRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.GroupRole;
import org.torg.server.model.Principal;
import org.torg.server.processing.Groups;
import org.torg.server.processing.accounts.AccountRoles;
import org.torg.server.processing.accounts.Permissions;

/**
 * Groups in the API: anyone lists and reads them, instance moderators create them, members see
 * who else is a member, and a Group's moderators manage its members. Making someone a Group
 * moderator takes an instance moderator.
 */
public final class GroupRoutes {

  private final Groups groups;
  private final GroupMemberRepository members;
  private final AccountRoles roles;
  private final Permissions permissions;

  public GroupRoutes(Groups groups, GroupMemberRepository members, AccountRoles roles, Permissions permissions) {
    this.groups = groups;
    this.members = members;
    this.roles = roles;
    this.permissions = permissions;
  }

  public void mount(Router router) {
    router.get("/api/v1/groups").handler(this::list);
    router.post("/api/v1/groups").handler(this::create);
    router.get("/api/v1/groups/:name").handler(this::get);
    router.get("/api/v1/groups/:name/members").handler(this::members);
    router.put("/api/v1/groups/:name/members/:username").handler(this::putMember);
    router.delete("/api/v1/groups/:name/members/:username").handler(this::removeMember);
  }

  private void list(RoutingContext ctx) {
    groups.all().onSuccess(all -> {
      JsonArray out = new JsonArray();
      all.forEach(g -> out.add(ApiDocuments.group(g)));
      ApiResponses.json(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    groups.find(ctx.pathParam("name")).onSuccess(g -> ApiResponses.json(ctx, 200, ApiDocuments.group(g))).onFailure(ctx::fail);
  }

  /** {name, displayName, summary, replyPolicy}: instance moderators and admins. */
  private void create(RoutingContext ctx) {
    Principal by = Permissions.instanceModerator(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    groups.create(by, body.requiredString("name"), body.string("displayName").orElse(null), body.string("summary").orElse(null),
            body.string("replyPolicy").orElse(null))
        .onSuccess(g -> ApiResponses.json(ctx, 201, ApiDocuments.group(g)))
        .onFailure(ctx::fail);
  }

  private void members(RoutingContext ctx) {
    var principal = Authentication.principal(ctx);
    groups.find(ctx.pathParam("name"))
        .compose(group -> permissions.groupMember(principal, group).compose(p -> members.members(group.actor().id())))
        .onSuccess(list -> ApiResponses.json(ctx, 200, ApiDocuments.members(list)))
        .onFailure(ctx::fail);
  }

  /** {role: member|moderator}: the Group's moderators add members; moderators are made by instance moderators. */
  private void putMember(RoutingContext ctx) {
    var principal = Authentication.principal(ctx);
    String raw = JsonBody.of(ctx).requiredString("role");
    GroupRole role = GroupRole.fromWire(raw)
        .orElseThrow(() -> new HttpError(422, "invalid_role", "role is member or moderator."));
    if (role == GroupRole.MODERATOR) {
      Permissions.instanceModerator(principal);
    }
    groups.find(ctx.pathParam("name"))
        .compose(group -> permissions.groupModerator(principal, group)
            .compose(by -> roles.setGroupRole(by, group, ctx.pathParam("username"), role, ClientAddress.of(ctx))))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void removeMember(RoutingContext ctx) {
    var principal = Authentication.principal(ctx);
    groups.find(ctx.pathParam("name"))
        .compose(group -> permissions.groupModerator(principal, group)
            .compose(by -> roles.removeFromGroup(by, group, ctx.pathParam("username"), ClientAddress.of(ctx))))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
