package org.torg.server.http;

import io.vertx.ext.web.RoutingContext;

/** JSON answers of Torg's API. No-store: they are per-user, and some carry tokens. */
final class ApiResponses {

  private ApiResponses() {}

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(io.vertx.core.json.Json.encode(body));
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
  }
}
