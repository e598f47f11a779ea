package org.torg.server.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.torg.server.convert.SearchDocuments;
import org.torg.server.model.Principal;
import org.torg.server.processing.search.Search;

/**
 * GET /api/v1/search?q=&type=threads|posts|groups|accounts&limit=&offset= (OpenAPI): anyone may
 * search; a signed-in reader's handle or URL is fetched from its server when this one lacks it.
 */
public final class SearchRoutes {

  private final Search search;

  public SearchRoutes(Search search) {
    this.search = search;
  }

  public void mount(Router router) {
    router.get("/api/v1/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    Optional<Principal> principal = Authentication.principal(ctx);
    var params = ctx.request().params();
    Search.Request request = Search.request(params.get("q"), params.get("type"), params.get("limit"), params.get("offset"),
        principal.map(p -> p.account().actor().id()), principal.isPresent());
    search.search(request)
        .onSuccess(results -> ApiResponses.json(ctx, 200, SearchDocuments.results(request, results)))
        .onFailure(ctx::fail);
  }
}
