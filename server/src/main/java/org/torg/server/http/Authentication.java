package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.OpaqueTokens;
import org.torg.server.processing.accounts.SignIns;

/**
 * Finds out who a request is from, before any API route runs; the routes then decide what that
 * principal may do ({@code Permissions}). API clients send {@code Authorization: Bearer}: a bad
 * token there is 401 at once. Browsers send the session cookies: an expired access cookie is
 * renewed from the refresh cookie, a dead session makes the request anonymous, and a
 * state-changing request must echo the session's CSRF token in X-CSRF-Token (else 403).
 */
public final class Authentication implements Handler<RoutingContext> {

  private static final String PRINCIPAL = "torg.principal";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final SignIns signIns;
  private final SessionCookies cookies;

  public Authentication(SignIns signIns, SessionCookies cookies) {
    this.signIns = signIns;
    this.cookies = cookies;
  }

  /** The request's principal, when it is signed in. */
  public static Optional<Principal> principal(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(PRINCIPAL));
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        fail(ctx, new HttpError(401, "invalid_token", "Use Authorization: Bearer <access token>."));
        return;
      }
      signIns.authenticate(authorization.substring(7).strip())
          .onSuccess(principal -> {
            ctx.put(PRINCIPAL, principal);
            ctx.next();
          })
          .onFailure(e -> fail(ctx, e));
      return;
    }
    if (SessionCookies.read(ctx, SessionCookies.ACCESS).isEmpty() && SessionCookies.read(ctx, SessionCookies.REFRESH).isEmpty()) {
      ctx.next();
      return;
    }
    fromCookies(ctx)
        .onSuccess(principal -> {
          if (!SAFE.contains(ctx.request().method())
              && !OpaqueTokens.same(ctx.request().getHeader(SessionCookies.CSRF_HEADER), principal.csrfToken())) {
            ctx.fail(new HttpError(403, "csrf_failed",
                "A signed-in browser request that changes something must carry the X-CSRF-Token header."));
            return;
          }
          ctx.put(PRINCIPAL, principal);
          ctx.next();
        })
        .onFailure(e -> {
          if (e instanceof HttpError error && error.status() == 401) {
            // The session is over: forget its cookies and go on as an anonymous visitor.
            cookies.clear(ctx);
            ctx.next();
          } else {
            ctx.fail(e);
          }
        });
  }

  /**
   * Who a page is shown to: the browser session's account, or empty for anonymous visitors
   * (also when the session is over: its cookies are then cleared). Pages are GET only, so no
   * CSRF check; the Authorization header is ignored, as servers fetching the same URLs send
   * signatures, not sessions.
   */
  public Future<Optional<Principal>> viewer(RoutingContext ctx) {
    if (SessionCookies.read(ctx, SessionCookies.ACCESS).isEmpty() && SessionCookies.read(ctx, SessionCookies.REFRESH).isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return fromCookies(ctx).map(Optional::of).recover(e -> {
      if (e instanceof HttpError error && error.status() == 401) {
        cookies.clear(ctx);
        return Future.succeededFuture(Optional.empty());
      }
      return Future.failedFuture(e);
    });
  }

  /** The session's principal from its access cookie, renewed from the refresh cookie when the access token expired. */
  private Future<Principal> fromCookies(RoutingContext ctx) {
    Optional<String> access = SessionCookies.read(ctx, SessionCookies.ACCESS);
    Optional<String> refresh = SessionCookies.read(ctx, SessionCookies.REFRESH);
    Future<Principal> fromAccess = access.map(signIns::authenticate)
        .orElseGet(() -> Future.failedFuture("no access cookie"));
    return fromAccess
        .recover(e -> refresh.isEmpty() ? Future.failedFuture(e) : signIns.renewAccess(refresh.get())
            .compose(issued -> {
              cookies.setAccess(ctx, issued.accessToken(), issued.expiresIn());
              return signIns.authenticate(issued.accessToken());
            }));
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof HttpError error && error.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    ctx.fail(e);
  }
}
