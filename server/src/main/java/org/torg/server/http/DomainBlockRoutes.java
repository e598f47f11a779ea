package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Locale;
import org.torg.server.error.HttpError;
import org.torg.server.model.DomainBlock;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moderation.BlocklistCsv;
import org.torg.server.processing.moderation.DomainBlocks;

/** Domain blocks (API.md, "Moderation"), and their import and export in Mastodon's CSV: instance moderators. */
public final class DomainBlockRoutes {

  private final DomainBlocks blocks;

  public DomainBlockRoutes(DomainBlocks blocks) {
    this.blocks = blocks;
  }

  public void mount(Router router) {
    router.get("/api/v1/admin/domain-blocks").handler(this::list);
    router.post("/api/v1/admin/domain-blocks").handler(this::create);
    router.get("/api/v1/admin/domain-blocks/export").handler(this::export);
    router.post("/api/v1/admin/domain-blocks/import").handler(this::importCsv);
    router.delete("/api/v1/admin/domain-blocks/:domain").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    Permissions.instanceModerator(Authentication.principal(ctx));
    blocks.all().onSuccess(all -> {
      JsonArray out = new JsonArray();
      all.forEach(b -> out.add(json(b)));
      ApiResponses.json(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  /** {domain, severity: silence|suspend|reject_media, reason, rejectMedia?, rejectReports?, obfuscate?}. */
  private void create(RoutingContext ctx) {
    Principal by = Permissions.instanceModerator(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    String domain = body.requiredString("domain");
    String rawSeverity = body.requiredString("severity");
    DomainBlock.Severity severity = DomainBlock.Severity.fromWire(rawSeverity).filter(s -> !rawSeverity.equals("noop"))
        .orElseThrow(() -> new HttpError(422, "invalid_severity", "severity is silence, suspend or reject_media."));
    String reason = body.requiredString("reason");
    DomainBlock requested = new DomainBlock(domain, severity, body.optionalFlag("rejectMedia").orElse(severity
        == DomainBlock.Severity.REJECT_MEDIA), body.flag("rejectReports"), reason, body.flag("obfuscate"), Instant.now());
    blocks.block(by, requested, false).onSuccess(b -> ApiResponses.json(ctx, 201, json(b))).onFailure(ctx::fail);
  }

  /** Body {reason?} or ?reason=: why the block is lifted, for the moderation log. */
  private void delete(RoutingContext ctx) {
    Principal by = Permissions.instanceModerator(Authentication.principal(ctx));
    String reason = JsonBody.of(ctx).string("reason").orElse(ctx.request().getParam("reason"));
    blocks.unblock(by, ctx.pathParam("domain"), reason).onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }

  private void export(RoutingContext ctx) {
    Permissions.instanceModerator(Authentication.principal(ctx));
    blocks.all().onSuccess(all -> ctx.response().setStatusCode(200)
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"domain_blocks.csv\"")
        .putHeader("Cache-Control", "no-store")
        .end(BlocklistCsv.format(all))).onFailure(ctx::fail);
  }

  /** The body is the CSV (text/csv). Each block is added, or replaces the domain's block; bad lines are listed, not applied. */
  private void importCsv(RoutingContext ctx) {
    Principal by = Permissions.instanceModerator(Authentication.principal(ctx));
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
      throw new HttpError(415, "unsupported_media_type", "Send the blocklist as text/csv.");
    }
    String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
    var lines = BlocklistCsv.parse(text);
    JsonArray skipped = new JsonArray();
    int[] imported = {0};
    Future<Void> done = Future.succeededFuture();
    for (BlocklistCsv.Line line : lines) {
      if (line.block().isEmpty()) {
        skipped.add(new JsonObject().put("line", line.number()).put("problem", line.problem()));
        continue;
      }
      done = done.compose(v -> blocks.block(by, line.block().get(), true).<Void>map(b -> {
        imported[0]++;
        return null;
      }).recover(e -> {
        skipped.add(new JsonObject().put("line", line.number()).put("problem", e.getMessage()));
        return Future.succeededFuture();
      }));
    }
    done.onSuccess(v -> ApiResponses.json(ctx, 200, new JsonObject().put("imported", imported[0]).put("skipped", skipped)))
        .onFailure(ctx::fail);
  }

  static JsonObject json(DomainBlock b) {
    return new JsonObject().put("domain", b.domain()).put("severity", b.severity().wire()).put("reason", b.reason())
        .put("createdAt", b.createdAt().toString()).put("rejectMedia", b.rejectMedia()).put("rejectReports", b.rejectReports())
        .put("obfuscate", b.obfuscate());
  }
}
