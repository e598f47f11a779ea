package org.torg.server.http.pages;


import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.torg.server.http.ContentNegotiation;

/**
 * Errors as pages for people: a browser that asked for a page and got 404 or 403 sees a page in
 * its language with the way home, not the API's JSON. Rendered without a session lookup, as
 * the request has already failed.
 */
public final class ErrorPages {

  private final Pages pages;

  public ErrorPages(Pages pages) {
    this.pages = pages;
  }

  /** Whether this failed request came from a browser asking for a page (not the API, not a server). */
  public static boolean wantsPage(RoutingContext ctx) {
    String accept = String.join(", ", ctx.request().headers().getAll("Accept"));
    return accept.contains("text/html") && !ctx.request().path().startsWith("/api/")
        && !ContentNegotiation.wantsActivityJson(ctx.request());
  }

  /** The error as a page; false when even that failed (the caller then answers JSON). */
  public boolean send(RoutingContext ctx, int status) {
    PageRequest page = new PageRequest(Languages.choose(ctx), Optional.empty(), ctx.request().path());
    Map<String, Object> model = pages.model(page);
    String key = switch (status) {
      case 400, 422 -> "error.bad_request";
      case 403 -> "error.forbidden";
      case 404 -> "error.not_found";
      case 405 -> "error.method";
      case 410 -> "error.gone";
      case 429 -> "error.slow_down";
      default -> "error.internal";
    };
    model.put("titleKey", key + ".title");
    model.put("textKey", key);
    try {
      pages.send(ctx, page, status, "message", model);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
