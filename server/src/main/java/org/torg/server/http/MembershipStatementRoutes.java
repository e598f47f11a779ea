package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.torg.server.convert.ApToModel;
import org.torg.server.error.HttpError;
import org.torg.server.model.LocalGroup;
import org.torg.server.processing.Groups;
import org.torg.server.processing.network.HubBranches;
import org.torg.server.processing.network.MembershipStatements;

/**
 * A Group's membership statements (FEDERATION.md, "Members-only votes"): {@code GET
 * /groups/{name}/members/statement?actor=URI}, the signed statement that the actor is its member.
 * Party membership is nobody else's business, so it answers a signed fetch from the server of a
 * hub the Group is a branch of, and 404 to everyone else, as it does for a non-member.
 */
public final class MembershipStatementRoutes {

  private final Groups groups;
  private final MembershipStatements statements;
  private final HubBranches hubBranches;

  public MembershipStatementRoutes(Groups groups, MembershipStatements statements, HubBranches hubBranches) {
    this.groups = groups;
    this.statements = statements;
    this.hubBranches = hubBranches;
  }

  public void mount(Router router) {
    router.get("/groups/:name/members/statement").handler(this::statement);
  }

  private void statement(RoutingContext ctx) {
    String actor = ctx.request().getParam("actor");
    if (actor == null || actor.isBlank() || actor.length() > 2048 || ApToModel.authorityOf(actor).isEmpty()) {
      throw new HttpError(400, "invalid_actor", "actor is the URI of the person the statement is about.");
    }
    String signer = ctx.get(SignedFetches.SIGNER);
    groups.find(ctx.pathParam("name"))
        .compose(group -> mayAsk(group, signer).compose(may -> may ? statements.issue(group, actor)
            : Future.succeededFuture(java.util.Optional.empty())))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(new HttpError(404, "not_a_member", "This Group does not vouch for that actor to you."));
          } else {
            ctx.response().putHeader("Cache-Control", "no-store");
            ContentNegotiation.sendActivityJson(ctx.response(), 200, found.get());
          }
        })
        .onFailure(ctx::fail);
  }

  /** A signed fetch by the server of one of the Group's hubs. */
  private Future<Boolean> mayAsk(LocalGroup group, String signer) {
    if (signer == null) {
      return Future.succeededFuture(false);
    }
    return hubBranches.hubUrisOf(group.actor().id()).map((List<String> hubs) ->
        hubs.stream().anyMatch(hub -> ApToModel.sameAuthority(signer, hub)));
  }
}
