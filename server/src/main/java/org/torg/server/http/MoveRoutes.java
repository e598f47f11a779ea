package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moves.Aliases;
import org.torg.server.processing.moves.MovesOut;

/**
 * A person's aliases ({@code alsoKnownAs}) and moving their account elsewhere (README, "Export,
 * import and moving"): {@code /api/v1/me/aliases} and {@code /api/v1/me/move}.
 */
public final class MoveRoutes {

  private final Aliases aliases;
  private final MovesOut moves;

  public MoveRoutes(Aliases aliases, MovesOut moves) {
    this.aliases = aliases;
    this.moves = moves;
  }

  public void mount(Router router) {
    router.get("/api/v1/me/aliases").handler(ctx -> aliases.of(me(ctx).account().actor())
        .onSuccess(list -> answer(ctx, 200, list)).onFailure(ctx::fail));
    router.post("/api/v1/me/aliases").handler(this::add);
    router.delete("/api/v1/me/aliases").handler(this::remove);
    router.get("/api/v1/me/move").handler(ctx -> moves.movedTo(me(ctx).account().actor()).onSuccess(moved -> ApiResponses.json(ctx,
        200, new JsonObject().put("movedTo", moved.map(m -> m.targetUri()).orElse(null))
            .put("movedAt", moved.map(m -> m.movedAt().toString()).orElse(null)))).onFailure(ctx::fail));
    router.post("/api/v1/me/move").handler(this::move);
  }

  private static Principal me(RoutingContext ctx) {
    return Permissions.signedIn(Authentication.principal(ctx));
  }

  /** {alias: "@name@host" or an actor URL} → 201 with the list. */
  private void add(RoutingContext ctx) {
    Principal me = me(ctx);
    String alias = JsonBody.of(ctx).requiredString("alias");
    aliases.add(me.account().actor(), alias).onSuccess(list -> answer(ctx, 201, list)).onFailure(ctx::fail);
  }

  /** ?alias=… (or {alias}) → 200 with what is left; 404 when it was not listed. */
  private void remove(RoutingContext ctx) {
    Principal me = me(ctx);
    String alias = ctx.request().getParam("alias");
    if (alias == null) {
      alias = JsonBody.of(ctx).string("alias").orElse(null);
    }
    aliases.remove(me.account().actor(), alias).onSuccess(list -> answer(ctx, 200, list)).onFailure(ctx::fail);
  }

  /** {target, password} → 200 {movedTo, handle}. */
  private void move(RoutingContext ctx) {
    Principal me = me(ctx);
    JsonBody body = JsonBody.of(ctx);
    moves.move(me, body.requiredString("target"), body.string("password").orElse(null))
        .onSuccess(moved -> ApiResponses.json(ctx, 200, new JsonObject().put("movedTo", moved.target()).put("handle", moved.handle())))
        .onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, int status, List<String> list) {
    ApiResponses.json(ctx, status, new JsonObject().put("alsoKnownAs", new JsonArray(list)));
  }
}
