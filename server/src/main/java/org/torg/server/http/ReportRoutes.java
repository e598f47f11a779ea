package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.model.Report;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moderation.Reports;

/** Reports (API.md, "Moderation"): any account reports, moderators work the queue, reporters see the outcome. */
public final class ReportRoutes {

  private final Reports reports;

  public ReportRoutes(Reports reports) {
    this.reports = reports;
  }

  public void mount(Router router) {
    router.post("/api/v1/reports").handler(this::create);
    router.get("/api/v1/reports").handler(this::mine);
    router.get("/api/v1/admin/reports").handler(this::queue);
    router.get("/api/v1/admin/reports/:id").handler(this::one);
    router.post("/api/v1/admin/reports/:id/resolve").handler(this::resolve);
  }

  /** {targetAccount?, posts?: [post id], comment}. */
  private void create(RoutingContext ctx) {
    Principal reporter = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    List<String> posts = body.strings("posts");
    reports.create(reporter, body.string("targetAccount").filter(s -> !s.isBlank()), posts, body.string("comment").orElse(""))
        .onSuccess(r -> ApiResponses.json(ctx, 201, json(r)))
        .onFailure(ctx::fail);
  }

  private void mine(RoutingContext ctx) {
    Principal reporter = Permissions.signedIn(Authentication.principal(ctx));
    reports.of(reporter).onSuccess(list -> ApiResponses.json(ctx, 200, array(list))).onFailure(ctx::fail);
  }

  /** ?state=open (default) or resolved. */
  private void queue(RoutingContext ctx) {
    Permissions.instanceModerator(Authentication.principal(ctx));
    String raw = ctx.request().getParam("state", "open");
    Report.State state;
    try {
      state = Report.State.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "bad_request", "state is open or resolved.");
    }
    reports.queue(state).onSuccess(list -> ApiResponses.json(ctx, 200, array(list))).onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    Permissions.instanceModerator(Authentication.principal(ctx));
    reports.find(PathIds.of(ctx, "id")).onSuccess(r -> ApiResponses.json(ctx, 200, json(r))).onFailure(ctx::fail);
  }

  /** {action: dismiss|delete_post|silence|suspend|forward, reason}. */
  private void resolve(RoutingContext ctx) {
    Principal by = Permissions.instanceModerator(Authentication.principal(ctx));
    long id = PathIds.of(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    reports.resolve(by, id, body.requiredString("action"), body.string("reason").orElse(""))
        .onSuccess(r -> ApiResponses.json(ctx, 200, json(r)))
        .onFailure(ctx::fail);
  }

  private static JsonArray array(List<Report> list) {
    JsonArray out = new JsonArray();
    list.forEach(r -> out.add(json(r)));
    return out;
  }

  /** {@code Report} as API.md has it. */
  static JsonObject json(Report r) {
    List<String> posts = new ArrayList<>();
    r.postIds().forEach(id -> posts.add(String.valueOf(id)));
    return new JsonObject()
        .put("id", String.valueOf(r.id()))
        .put("state", r.state().name().toLowerCase(Locale.ROOT))
        .put("origin", r.origin().name().toLowerCase(Locale.ROOT))
        .put("reporter", r.reporter().orElse(null))
        .put("targetAccount", r.target().map(a -> a.handle()).orElse(null))
        .put("targetActor", r.target().map(a -> a.uri()).orElse(null))
        .put("posts", new JsonArray(posts))
        .put("comment", r.comment())
        .put("createdAt", r.createdAt().toString())
        .put("resolution", r.resolution().map(res -> new JsonObject().put("action", res.action()).put("reason", res.reason())
            .put("at", res.at().toString())).orElse(null));
  }
}
