package org.torg.server.http;

import io.vertx.ext.web.RoutingContext;
import org.torg.server.error.HttpError;

/** Numeric ids and page numbers from a request, or 404/400 for ones that cannot be. */
public final class PathIds {

  private PathIds() {}

  /** An id in the path; one that is not a positive number names nothing here: 404. */
  public static long of(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new HttpError(404, "not_found", "No such resource.");
  }

  /** ?page=N of a collection; 0 when absent (the collection itself). */
  static int page(RoutingContext ctx) {
    String p = ctx.request().getParam("page");
    if (p == null) {
      return 0;
    }
    try {
      int page = Integer.parseInt(p);
      if (page >= 1 && page <= 100_000) {
        return page;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new HttpError(400, "bad_request", "page must be a whole number from 1.");
  }
}
