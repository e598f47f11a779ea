package org.torg.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.model.Sanction;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moderation.Sanctions;
import org.torg.server.processing.remote.ActorLookup;

/** Silencing and suspending accounts, local or remote, outside a report: instance moderators. */
public final class SanctionRoutes {

  private final Sanctions sanctions;
  private final ActorLookup lookup;

  public SanctionRoutes(Sanctions sanctions, ActorLookup lookup) {
    this.sanctions = sanctions;
    this.lookup = lookup;
  }

  public void mount(Router router) {
    router.post("/api/v1/admin/sanctions").handler(this::apply);
    router.post("/api/v1/admin/sanctions/lift").handler(this::lift);
  }

  /** {account: @name@host or actor URL, level: silence|suspend, reason}. */
  private void apply(RoutingContext ctx) {
    Principal by = Permissions.instanceModerator(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    String account = body.requiredString("account");
    Sanction level = Sanction.fromWire(body.requiredString("level"))
        .orElseThrow(() -> new HttpError(422, "invalid_level", "level is silence or suspend."));
    String reason = reason(body);
    lookup.find(account).compose(actor -> sanctions.apply(by, actor, level, reason).map(actor))
        .onSuccess(actor -> ApiResponses.json(ctx, 201, new JsonObject().put("account", actor.handle()).put("actor", actor.uri())
            .put("level", level.wire()).put("reason", reason)))
        .onFailure(ctx::fail);
  }

  /** {account, reason}. */
  private void lift(RoutingContext ctx) {
    Principal by = Permissions.instanceModerator(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    String account = body.requiredString("account");
    String reason = reason(body);
    lookup.find(account).compose(actor -> sanctions.lift(by, actor, reason))
        .onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }

  private static String reason(JsonBody body) {
    String reason = body.requiredString("reason").strip();
    if (reason.isEmpty() || reason.length() > 1000) {
      throw new HttpError(422, "invalid_reason", "A reason has 1 to 1000 characters: it is published in the moderation log.");
    }
    return reason;
  }
}
