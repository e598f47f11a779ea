package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.torg.server.convert.CollectionDocuments;
import org.torg.server.convert.DirectoryDocuments;
import org.torg.server.db.BranchMembershipRepository;
import org.torg.server.error.HttpError;
import org.torg.server.http.pages.DirectoryPages;
import org.torg.server.processing.Groups;

/**
 * A hub Group's branches at {@code /groups/{name}/branches}: an OrderedCollection of their actor
 * ids for servers (linked from the Group's actor as {@code torg:branches}, paged like its
 * followers), the directory page with its search for browsers.
 */
public final class BranchesRoutes {

  /** A search longer than any place or name finds nothing anyway. */
  static final int MAX_QUERY = 200;

  private final Groups groups;
  private final BranchMembershipRepository memberships;
  private final DirectoryPages pages;

  public BranchesRoutes(Groups groups, BranchMembershipRepository memberships, DirectoryPages pages) {
    this.groups = groups;
    this.memberships = memberships;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/groups/:name/branches").handler(this::branches);
  }

  private void branches(RoutingContext ctx) {
    boolean json = ContentNegotiation.wantsActivityJson(ctx.request());
    int page = json ? PathIds.page(ctx) : 0;
    String query = Optional.ofNullable(ctx.request().getParam("q")).orElse("").strip();
    if (query.length() > MAX_QUERY) {
      throw new HttpError(400, "invalid_q", "q is at most " + MAX_QUERY + " characters.");
    }
    groups.find(ctx.pathParam("name")).compose(hub -> {
      if (!json) {
        pages.branches(ctx, hub, query);
        return Future.succeededFuture();
      }
      String id = DirectoryDocuments.branchesOf(hub.actor().uri());
      long hubId = hub.actor().id();
      return memberships.countApproved(hubId).compose(total -> page == 0
              ? Future.succeededFuture(CollectionDocuments.collection(id, total))
              : memberships.approvedBranchUris(hubId, CollectionDocuments.PAGE_SIZE, CollectionDocuments.offset(page))
                  .map(uris -> CollectionDocuments.page(id, page, total, uris)))
          .map((JsonObject doc) -> {
            ContentNegotiation.sendActivityJson(ctx.response(), 200, doc);
            return null;
          });
    }).onFailure(ctx::fail);
  }
}
