package org.torg.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.error.HttpError;
import org.torg.server.processing.accounts.SignIns;
import org.torg.server.processing.accounts.SignIns.Issued;
import org.torg.server.processing.mail.SignInNotices;

/**
 * Sign-in, refresh and sign-out (API.md, "Accounts and sessions"). API clients get the tokens
 * in the body; a browser asks for {@code "cookie": true} and gets them as HttpOnly cookies.
 */
public final class SessionRoutes {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionRoutes.class);

  private final SignIns signIns;
  private final SessionCookies cookies;
  private final SignInNotices notices;

  public SessionRoutes(SignIns signIns, SessionCookies cookies, SignInNotices notices) {
    this.notices = notices;
    this.signIns = signIns;
    this.cookies = cookies;
  }

  public void mount(Router router) {
    router.post("/api/v1/sessions").handler(this::signIn);
    router.post("/api/v1/sessions/refresh").handler(this::refresh);
    router.delete("/api/v1/sessions").handler(this::signOut);
  }

  private void signIn(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    boolean cookie = body.flag("cookie");
    signIns.signIn(body.string("username").orElse(null), body.string("password").orElse(null), body.string("otp").orElse(null),
            ClientAddress.of(ctx), ctx.request().getHeader("User-Agent"))
        .onSuccess(issued -> {
          // A sign-in from a new address emails a notice (README "Email"): queued, never in the way of the sign-in.
          notices.signedIn(issued.account(), ClientAddress.of(ctx), ctx.request().getHeader("User-Agent"),
                  org.torg.server.http.pages.Languages.choose(ctx))
              .onFailure(e -> LOG.warn("recording the sign-in address failed: {}", e.getMessage()));
          answer(ctx, issued, cookie);
        })
        .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    Optional<String> token = body.string("refreshToken");
    boolean cookie = token.isEmpty();
    String presented = token.or(() -> SessionCookies.read(ctx, SessionCookies.REFRESH)).orElse(null);
    if (presented == null) {
      ctx.fail(new HttpError(422, "missing_refreshToken", "refreshToken is required."));
      return;
    }
    signIns.refresh(presented, ClientAddress.of(ctx))
        .onSuccess(issued -> answer(ctx, issued, cookie))
        .onFailure(ctx::fail);
  }

  /** With {refreshToken}: ends that token's session. Without, in a signed-in browser: ends the current session. */
  private void signOut(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    Optional<String> token = body.string("refreshToken");
    if (token.isPresent()) {
      signIns.signOut(token.get(), ClientAddress.of(ctx)).onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
      return;
    }
    var principal = Authentication.principal(ctx);
    if (principal.isEmpty()) {
      ctx.fail(new HttpError(422, "missing_refreshToken", "refreshToken is required."));
      return;
    }
    signIns.signOut(principal.get(), ClientAddress.of(ctx))
        .onSuccess(v -> {
          cookies.clear(ctx);
          ApiResponses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  private void answer(RoutingContext ctx, Issued issued, boolean cookie) {
    JsonObject out = new JsonObject()
        .put("expiresIn", issued.expiresIn().toSeconds())
        .put("csrfToken", issued.csrfToken())
        .put("account", ApiDocuments.account(issued.account()));
    if (cookie) {
      if (issued.refreshToken().isPresent()) {
        cookies.setAll(ctx, issued.accessToken(), issued.expiresIn(), issued.refreshToken().get(), issued.csrfToken());
      } else {
        cookies.setAccess(ctx, issued.accessToken(), issued.expiresIn());
      }
    } else {
      out.put("accessToken", issued.accessToken()).put("tokenType", "Bearer");
      issued.refreshToken().ifPresent(r -> out.put("refreshToken", r));
    }
    ApiResponses.json(ctx, 200, out);
  }
}
