package org.torg.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.torg.server.db.SchemaProbe;

/** /health: the process is alive. /ready: it can serve, i.e. the database answers and is migrated. */
public final class HealthRoutes {

  private final SchemaProbe probe;

  public HealthRoutes(SchemaProbe probe) {
    this.probe = probe;
  }

  public void mount(Router router) {
    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "alive")));
    router.get("/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    probe.check().onSuccess(readiness -> {
      if (readiness == SchemaProbe.Readiness.READY) {
        json(ctx, 200, new JsonObject().put("status", "ready").put("schemaVersion", probe.expectedVersion()));
      } else {
        json(ctx, 503, new JsonObject().put("status", "not_ready")
            .put("reason", readiness.name().toLowerCase(Locale.ROOT)));
      }
    }).onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
