package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.torg.server.db.AccountImportRepository.Import;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moves.Imports;

/**
 * Importing a Mastodon CSV of follows, blocks or mutes (README, "Export, import and moving"):
 * {@code POST /api/v1/me/imports?type=following} with the file as the body answers 202 and the
 * import, which a job then works through; {@code GET /api/v1/me/imports/{id}} shows how far it got
 * and which lines failed, and why.
 */
public final class ImportRoutes {

  static final int FAILURES_SHOWN = 200;

  private final Imports imports;

  public ImportRoutes(Imports imports) {
    this.imports = imports;
  }

  public void mount(Router router) {
    router.post("/api/v1/me/imports").handler(this::submit);
    router.get("/api/v1/me/imports").handler(ctx -> imports.repository().recent(me(ctx).id(), 20).onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(i -> items.add(json(i)));
      ApiResponses.json(ctx, 200, new JsonObject().put("items", items));
    }).onFailure(ctx::fail));
    router.get("/api/v1/me/imports/:id").handler(this::show);
  }

  private static Actor me(RoutingContext ctx) {
    return Permissions.signedIn(Authentication.principal(ctx)).account().actor();
  }

  private void submit(RoutingContext ctx) {
    Actor me = me(ctx);
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (!(mime.startsWith("text/csv") || mime.startsWith("text/plain") || mime.startsWith("application/octet-stream"))) {
      throw new HttpError(415, "unsupported_media_type", "Send the CSV file as the body, with Content-Type: text/csv.");
    }
    var body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new HttpError(422, "empty_import", "The body is the CSV file; it was empty.");
    }
    imports.submit(me, ctx.request().getParam("type", "following"), body.getBytes())
        .onSuccess(i -> ApiResponses.json(ctx, 202, json(i))).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    Actor me = me(ctx);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new HttpError(404, "not_found", "No such import.");
    }
    imports.repository().find(me.id(), id).compose(found -> {
      if (found.isEmpty()) {
        return io.vertx.core.Future.failedFuture(new HttpError(404, "not_found", "No such import."));
      }
      return imports.repository().failures(id, FAILURES_SHOWN).map(failures -> {
        JsonArray lines = new JsonArray();
        failures.forEach(f -> lines.add(new JsonObject().put("line", f.line()).put("address", f.address()).put("reason", f.reason())));
        return json(found.get()).put("failures", lines);
      });
    }).onSuccess(doc -> ApiResponses.json(ctx, 200, doc)).onFailure(ctx::fail);
  }

  static JsonObject json(Import i) {
    return new JsonObject().put("id", String.valueOf(i.id())).put("type", i.kind())
        .put("state", i.finishedAt().isPresent() ? "finished" : "running")
        .put("total", i.total()).put("imported", i.done()).put("failed", i.failed())
        .put("createdAt", i.createdAt().toString()).put("finishedAt", i.finishedAt().map(Object::toString).orElse(null));
  }
}
