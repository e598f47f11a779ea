package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.AuditRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.AccountState;
import org.torg.server.model.AuditKind;
import org.torg.server.model.Principal;
import org.torg.server.model.Role;
import org.torg.server.processing.accounts.AccountRoles;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.accounts.Registrations;

/** The admin API for accounts: registrations to approve, roles, sessions, and the audit log. Admins only. */
public final class AdminAccountRoutes {

  private static final int PAGE = 50;

  private final AccountRepository accounts;
  private final AuditRepository audit;
  private final Registrations registrations;
  private final AccountRoles roles;

  public AdminAccountRoutes(AccountRepository accounts, AuditRepository audit, Registrations registrations, AccountRoles roles) {
    this.accounts = accounts;
    this.audit = audit;
    this.registrations = registrations;
    this.roles = roles;
  }

  public void mount(Router router) {
    router.get("/api/v1/admin/accounts").handler(this::list);
    router.post("/api/v1/admin/accounts/:username/approve").handler(this::approve);
    router.post("/api/v1/admin/accounts/:username/reject").handler(this::reject);
    router.put("/api/v1/admin/accounts/:username/role").handler(this::setRole);
    router.delete("/api/v1/admin/accounts/:username/sessions").handler(this::revokeSessions);
    router.get("/api/v1/admin/audit").handler(this::auditLog);
  }

  /** ?state=pending|active|deleted (default pending) &cursor=<last id seen>. */
  private void list(RoutingContext ctx) {
    Permissions.admin(Authentication.principal(ctx));
    String stateParam = Optional.ofNullable(ctx.request().getParam("state")).orElse("pending");
    AccountState state;
    try {
      state = AccountState.fromWire(stateParam);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "bad_request", "state is pending, active or deleted.");
    }
    long after = cursor(ctx, 0);
    accounts.listByState(state, after, PAGE).onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(a -> items.add(ApiDocuments.adminAccount(a)));
      ApiResponses.json(ctx, 200, new JsonObject().put("items", items)
          .put("next", list.size() == PAGE ? Long.toString(list.get(list.size() - 1).id()) : null));
    }).onFailure(ctx::fail);
  }

  private void approve(RoutingContext ctx) {
    Principal admin = Permissions.admin(Authentication.principal(ctx));
    registrations.approve(admin, ctx.pathParam("username"), ClientAddress.of(ctx))
        .onSuccess(account -> ApiResponses.json(ctx, 200, ApiDocuments.adminAccount(account)))
        .onFailure(ctx::fail);
  }

  private void reject(RoutingContext ctx) {
    Principal admin = Permissions.admin(Authentication.principal(ctx));
    registrations.reject(admin, ctx.pathParam("username"), ClientAddress.of(ctx))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  /** {role: citizen|moderator|admin}. */
  private void setRole(RoutingContext ctx) {
    Principal admin = Permissions.admin(Authentication.principal(ctx));
    String raw = JsonBody.of(ctx).requiredString("role");
    Role role = Role.fromWire(raw)
        .orElseThrow(() -> new HttpError(422, "invalid_role", "role is citizen, moderator or admin."));
    roles.setRole(admin, ctx.pathParam("username"), role, ClientAddress.of(ctx))
        .onSuccess(account -> ApiResponses.json(ctx, 200, ApiDocuments.adminAccount(account)))
        .onFailure(ctx::fail);
  }

  private void revokeSessions(RoutingContext ctx) {
    Principal admin = Permissions.admin(Authentication.principal(ctx));
    roles.revokeSessions(admin, ctx.pathParam("username"), ClientAddress.of(ctx))
        .onSuccess(n -> ApiResponses.json(ctx, 200, new JsonObject().put("revoked", n)))
        .onFailure(ctx::fail);
  }

  /** ?kind=sign_in_failed &cursor=<last id seen>: newest first. */
  private void auditLog(RoutingContext ctx) {
    Permissions.admin(Authentication.principal(ctx));
    String kindParam = ctx.request().getParam("kind");
    Optional<AuditKind> kind = Optional.empty();
    if (kindParam != null) {
      kind = Optional.of(AuditKind.fromWire(kindParam)
          .orElseThrow(() -> new HttpError(400, "bad_request", "No such audit kind: " + kindParam)));
    }
    long before = cursor(ctx, Long.MAX_VALUE);
    audit.page(kind, before, PAGE).onSuccess(events -> {
      JsonArray items = new JsonArray();
      events.forEach(e -> items.add(ApiDocuments.auditEvent(e)));
      ApiResponses.json(ctx, 200, new JsonObject().put("items", items)
          .put("next", events.size() == PAGE ? Long.toString(events.get(events.size() - 1).id()) : null));
    }).onFailure(ctx::fail);
  }

  private static long cursor(RoutingContext ctx, long none) {
    String raw = ctx.request().getParam("cursor");
    if (raw == null || raw.isEmpty()) {
      return none;
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "bad_request", "cursor is the next value of a previous page.");
    }
  }
}
