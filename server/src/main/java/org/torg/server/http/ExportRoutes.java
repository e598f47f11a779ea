package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.torg.server.model.Actor;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moves.Exports;

/**
 * A signed-in person's data export (README, "Export, import and moving"): Mastodon's CSV files and
 * the archive's outbox.json and actor.json, under {@code /api/v1/me/export/}, downloaded as files.
 * Plain GETs, so the settings page links to them and they work without JavaScript.
 */
public final class ExportRoutes {

  private final Exports exports;

  public ExportRoutes(Exports exports) {
    this.exports = exports;
  }

  public void mount(Router router) {
    stream(router, "following_accounts.csv", exports::followingCsv);
    stream(router, "blocked_accounts.csv", exports::blockedAccountsCsv);
    stream(router, "muted_accounts.csv", exports::mutedAccountsCsv);
    stream(router, "blocked_domains.csv", exports::blockedDomainsCsv);
    stream(router, "outbox.json", exports::outboxJson);
    router.get("/api/v1/me/export/actor.json").handler(ctx -> {
      Actor me = me(ctx);
      exports.actorJson(me).onSuccess(doc -> {
        download(ctx.response(), "actor.json");
        ctx.response().end(doc.encodePrettily());
      }).onFailure(ctx::fail);
    });
  }

  private static Actor me(RoutingContext ctx) {
    return Permissions.signedIn(Authentication.principal(ctx)).account().actor();
  }

  private void stream(Router router, String file, BiFunction<Actor, Function<String, Future<Void>>, Future<Void>> export) {
    router.get("/api/v1/me/export/" + file).handler(ctx -> {
      Actor me = me(ctx);
      HttpServerResponse response = ctx.response();
      download(response, file);
      response.setChunked(true);
      export.apply(me, chunk -> chunk.isEmpty() ? Future.succeededFuture() : response.write(chunk))
          .onSuccess(v -> response.end())
          .onFailure(e -> {
            if (response.headWritten()) {
              // Half a file must not pass for a whole one: the download breaks instead.
              response.reset();
            } else {
              ctx.fail(e);
            }
          });
    });
  }

  private static void download(HttpServerResponse response, String file) {
    response.putHeader("Content-Type", file.endsWith(".csv") ? "text/csv; charset=utf-8" : "application/activity+json; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .putHeader("Cache-Control", "no-store");
  }
}
