package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.accounts.PersonalBlocks;
import org.torg.server.processing.remote.ActorLookup;

/**
 * A person's blocks, mutes and blocked servers (README, "Blocking and muting"), in the shape of
 * Mastodon's: the actor by handle or URL, the server by host name. Not the instance's domain
 * blocks, which are moderators' (/api/v1/admin/domain-blocks).
 */
public final class PersonalBlockRoutes {

  private final PersonalBlocks blocks;
  private final ActorLookup lookup;
  private final String ownAuthority;

  public PersonalBlockRoutes(PersonalBlocks blocks, ActorLookup lookup, String ownAuthority) {
    this.blocks = blocks;
    this.lookup = lookup;
    this.ownAuthority = ownAuthority;
  }

  public void mount(Router router) {
    router.get("/api/v1/blocks").handler(ctx -> list(ctx, me -> blocks.repository().blocked(me.id())));
    router.post("/api/v1/blocks").handler(ctx -> add(ctx, blocks::block, "blocked"));
    router.delete("/api/v1/blocks").handler(ctx -> remove(ctx, blocks::unblock));
    router.get("/api/v1/mutes").handler(ctx -> list(ctx, me -> blocks.repository().muted(me.id())));
    router.post("/api/v1/mutes").handler(ctx -> add(ctx, blocks::mute, "muted"));
    router.delete("/api/v1/mutes").handler(ctx -> remove(ctx, blocks::unmute));
    router.get("/api/v1/domain_blocks").handler(this::domains);
    router.post("/api/v1/domain_blocks").handler(this::blockDomain);
    router.delete("/api/v1/domain_blocks").handler(this::unblockDomain);
  }

  private static Actor me(RoutingContext ctx) {
    Principal principal = Permissions.signedIn(Authentication.principal(ctx));
    return principal.account().actor();
  }

  private void list(RoutingContext ctx, Function<Actor, Future<List<Actor>>> which) {
    which.apply(me(ctx)).onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(a -> items.add(new JsonObject().put("target", a.uri()).put("handle", a.handle())));
      ApiResponses.json(ctx, 200, new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  /** {target: "@name@host" or an actor URL} → 201 when new, 200 when it was so already. */
  private void add(RoutingContext ctx, BiFunction<Actor, Actor, Future<Boolean>> action, String what) {
    Actor me = me(ctx);
    String target = JsonBody.of(ctx).requiredString("target");
    lookup.find(target).compose(actor -> action.apply(me, actor).map(added -> {
      ApiResponses.json(ctx, added ? 201 : 200, new JsonObject().put("target", actor.uri()).put(what, true));
      return null;
    })).onFailure(ctx::fail);
  }

  /** ?target=… → 204; 404 when there was nothing to undo. */
  private void remove(RoutingContext ctx, BiFunction<Actor, Actor, Future<Boolean>> action) {
    Actor me = me(ctx);
    String target = ctx.request().getParam("target");
    if (target == null || target.isBlank()) {
      throw new HttpError(422, "missing_target", "target is required.");
    }
    lookup.find(target).compose(actor -> action.apply(me, actor))
        .compose(removed -> removed ? Future.succeededFuture()
            : Future.failedFuture(new HttpError(404, "not_found", "Nothing of that kind for that account.")))
        .onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }

  private void domains(RoutingContext ctx) {
    blocks.repository().blockedDomains(me(ctx).id())
        .onSuccess(list -> ApiResponses.json(ctx, 200, new JsonObject().put("items", new JsonArray(list)))).onFailure(ctx::fail);
  }

  /** {domain} → 201 when new, 200 when blocked already. */
  private void blockDomain(RoutingContext ctx) {
    Actor me = me(ctx);
    String domain = PersonalBlocks.domain(JsonBody.of(ctx).requiredString("domain"), ownAuthority);
    blocks.blockDomain(me, domain)
        .onSuccess(added -> ApiResponses.json(ctx, added ? 201 : 200, new JsonObject().put("domain", domain).put("blocked", true)))
        .onFailure(ctx::fail);
  }

  /** ?domain=… → 204; 404 when it was not blocked. */
  private void unblockDomain(RoutingContext ctx) {
    Actor me = me(ctx);
    String domain = PersonalBlocks.domain(ctx.request().getParam("domain"), ownAuthority);
    blocks.unblockDomain(me, domain).compose(removed -> removed ? Future.succeededFuture()
            : Future.<Void>failedFuture(new HttpError(404, "not_found", "That server is not blocked.")))
        .onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }
}
