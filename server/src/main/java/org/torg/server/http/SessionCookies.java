package org.torg.server.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The web UI's session in cookies. {@code torg_access} carries the access token and
 * {@code torg_refresh} the refresh token, both HttpOnly (no script can read them) and
 * SameSite=Lax (not sent with cross-site POSTs). {@code torg_csrf} is readable by the page's
 * script, which echoes it in X-CSRF-Token on every state-changing request; the server compares
 * it with the value stored for the session. All are Secure when the public URL is https.
 */
public final class SessionCookies {

  public static final String ACCESS = "torg_access";
  public static final String REFRESH = "torg_refresh";
  public static final String CSRF = "torg_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private final boolean secure;
  private final Duration sessionLifetime;

  public SessionCookies(boolean secure, Duration sessionLifetime) {
    this.secure = secure;
    this.sessionLifetime = sessionLifetime;
  }

  public void setAccess(RoutingContext ctx, String accessToken, Duration lifetime) {
    ctx.response().addCookie(cookie(ACCESS, accessToken, lifetime, true));
  }

  public void setAll(RoutingContext ctx, String accessToken, Duration accessLifetime, String refreshToken, String csrfToken) {
    setAccess(ctx, accessToken, accessLifetime);
    ctx.response().addCookie(cookie(REFRESH, refreshToken, sessionLifetime, true));
    ctx.response().addCookie(cookie(CSRF, csrfToken, sessionLifetime, false));
  }

  public void clear(RoutingContext ctx) {
    for (String name : new String[] {ACCESS, REFRESH, CSRF}) {
      ctx.response().addCookie(cookie(name, "", Duration.ZERO, !name.equals(CSRF)));
    }
  }

  public static Optional<String> read(RoutingContext ctx, String name) {
    Cookie cookie = ctx.request().getCookie(name);
    return cookie == null || cookie.getValue().isEmpty() ? Optional.empty() : Optional.of(cookie.getValue());
  }

  private Cookie cookie(String name, String value, Duration maxAge, boolean httpOnly) {
    return Cookie.cookie(name, value)
        .setPath("/")
        .setHttpOnly(httpOnly)
        .setSecure(secure)
        .setSameSite(CookieSameSite.LAX)
        .setMaxAge(maxAge.toSeconds());
  }
}
