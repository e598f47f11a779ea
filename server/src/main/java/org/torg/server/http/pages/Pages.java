package org.torg.server.http.pages;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.torg.server.config.TorgConfig;
import org.torg.server.http.Authentication;
import org.torg.server.model.MediaAttachment;

/**
 * What every page shares: who it is for, its language, the frame its template fills in, and
 * the headers it goes out with. Pages are GET only; everything they change goes through the
 * JSON API with the session's CSRF token.
 */
public final class Pages {

  /**
   * No inline script or style anywhere, so the policy can forbid both: an injected {@code <script>}
   * would not run even if escaping ever failed. Images may come from other servers (avatars).
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
      + " frame-ancestors 'none'; form-action 'self'";

  /** Above this many posts a thread is rendered on a worker thread, not the event loop. */
  static final int RENDER_INLINE_MAX_POSTS = 200;

  private final Vertx vertx;
  private final PageRenderer renderer;
  private final Authentication authentication;
  private final TorgConfig config;

  /** Whether a remote attachment may be shown: no reject_media block on its domain. */
  private final Predicate<MediaAttachment> mediaShown;

  public Pages(Vertx vertx, PageRenderer renderer, Authentication authentication, TorgConfig config,
      Predicate<MediaAttachment> mediaShown) {
    this.mediaShown = mediaShown;
    this.vertx = vertx;
    this.renderer = renderer;
    this.authentication = authentication;
    this.config = config;
  }

  public Predicate<MediaAttachment> mediaShown() {
    return mediaShown;
  }

  public TorgConfig config() {
    return config;
  }

  public Messages messages() {
    return renderer.messages();
  }

  /** Where a request's page request is kept once worked out. */
  private static final String PAGE_REQUEST = "torg.pageRequest";

  /**
   * The page's viewer (from the session cookies) and language. Worked out once per request:
   * a route that looks at the viewer before rendering (a thread kept per kind of reader) and the
   * rendering itself share one session lookup.
   */
  public Future<PageRequest> begin(RoutingContext ctx) {
    PageRequest known = ctx.get(PAGE_REQUEST);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return authentication.viewer(ctx).map(viewer -> {
      // The account's page language (README "Profile and settings") comes after ?lang= and the
      // cookie the language links set, before the browser's Accept-Language.
      Locale locale = Languages.choose(ctx, viewer.map(p -> p.account().uiLanguage()).orElse(null));
      PageRequest page = new PageRequest(locale, viewer, ctx.request().path());
      ctx.put(PAGE_REQUEST, page);
      return page;
    });
  }

  /** The frame of every page: the instance, the viewer, the language links, the script's strings. */
  public Map<String, Object> model(PageRequest page) {
    Map<String, Object> model = new HashMap<>();
    model.put("lang", page.locale().getLanguage());
    model.put("instanceName", config.instance().name());
    model.put("instanceDescription", config.instance().description());
    model.put("publicUrl", config.publicUrl().toString());
    model.put("path", page.path());
    model.put("signedIn", page.viewer().isPresent());
    page.viewer().ifPresent(p -> {
      model.put("viewerName", p.account().username());
      model.put("viewerHandle", p.account().actor().handle());
      model.put("viewerActor", p.account().actor().uri());
    });
    model.put("moderator", page.moderator());
    model.put("admin", page.admin());
    // JSON in a non-executed script element; "<" escaped so no "</script>" can close it early.
    model.put("scriptStrings", JsonObject.mapFrom(messages().scriptStrings(page.locale())).encode().replace("<", "\\u003c"));
    return model;
  }

  public void send(RoutingContext ctx, PageRequest page, int status, String template, Map<String, Object> model) {
    send(ctx, page, status, template, model, false);
  }

  /** {@code heavy}: a large page, rendered on a worker so the event loop keeps serving others. */
  public void send(RoutingContext ctx, PageRequest page, int status, String template, Map<String, Object> model, boolean heavy) {
    send(ctx, page, status, template, model, heavy, null);
  }

  /** The page rendered, not sent: on a worker when {@code heavy}. */
  public Future<String> render(PageRequest page, String template, Map<String, Object> model, boolean heavy) {
    return heavy ? vertx.executeBlocking(() -> renderer.render(template, model, page.locale()), false)
        : Future.succeededFuture(renderer.render(template, model, page.locale()));
  }

  /** The same, handing the rendered page to {@code rendered} too (a cache), when it is not null. */
  public void send(RoutingContext ctx, PageRequest page, int status, String template, Map<String, Object> model, boolean heavy,
      java.util.function.Consumer<String> rendered) {
    render(page, template, model, heavy).onSuccess(body -> {
      if (rendered != null) {
        rendered.accept(body);
      }
      if (ctx.response().closed()) {
        return;
      }
      headers(ctx, page).setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }).onFailure(ctx::fail);
  }

  /** A page with just a heading and a message: not found, gone, not allowed. */
  public void message(RoutingContext ctx, PageRequest page, int status, String titleKey, String textKey) {
    Map<String, Object> model = model(page);
    model.put("titleKey", titleKey);
    model.put("textKey", textKey);
    send(ctx, page, status, "message", model);
  }

  /** Sends an anonymous visitor to sign in, coming back here afterwards. */
  public void signInFirst(RoutingContext ctx) {
    ctx.response().setStatusCode(303)
        .putHeader("Location", "/signin?next=" + java.net.URLEncoder.encode(ctx.request().path(), java.nio.charset.StandardCharsets.UTF_8))
        .putHeader("Cache-Control", "no-store").end();
  }

  static io.vertx.core.http.HttpServerResponse headers(RoutingContext ctx, PageRequest page) {
    return ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("Content-Language", page.locale().getLanguage())
        .putHeader("Vary", "Accept, Accept-Encoding, Accept-Language, Cookie")
        // A signed-in page shows the viewer's name and controls: never cached for someone else.
        .putHeader("Cache-Control", page.viewer().isPresent() ? "private, no-store" : "public, max-age=0, must-revalidate");
  }
}
