package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/**
 * The web UI's cookie session: HttpOnly, SameSite=Lax (and Secure on an https instance), an
 * access cookie renewed from the refresh cookie, and CSRF protection on every state-changing
 * request made with cookies.
 */
class CookieSessionTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "https://torg.test"));
    api = torg.api(vertx);
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  /** Signs in for cookies; returns the cookies the browser would keep, by name. */
  private static Map<String, String> cookieSignIn(String username) {
    api.newCitizen(username);
    HttpResponse<Buffer> r = api.post("/api/v1/sessions", null,
        new JsonObject().put("username", username).put("password", "password-of-" + username).put("cookie", true));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertNull(r.bodyAsJsonObject().getString("accessToken"), "cookie sessions keep the tokens out of reach of scripts");
    assertNull(r.bodyAsJsonObject().getString("refreshToken"));
    Map<String, String> jar = new HashMap<>();
    for (String header : r.cookies()) {
      String lower = header.toLowerCase();
      String name = header.substring(0, header.indexOf('='));
      assertTrue(lower.contains("samesite=lax"), header);
      assertTrue(lower.contains("; secure"), "an https instance sets Secure: " + header);
      assertTrue(lower.contains("path=/"), header);
      assertEquals(!name.equals("torg_csrf"), lower.contains("httponly"), "only the CSRF cookie is readable by scripts: " + header);
      jar.put(name, header.substring(header.indexOf('=') + 1, header.indexOf(';')));
    }
    assertEquals(r.bodyAsJsonObject().getString("csrfToken"), jar.get("torg_csrf"));
    assertEquals(List.of("torg_access", "torg_csrf", "torg_refresh"), jar.keySet().stream().sorted().toList());
    return jar;
  }

  private static HttpRequest<Buffer> withCookies(HttpRequest<Buffer> request, Map<String, String> jar, String... names) {
    StringBuilder cookie = new StringBuilder();
    for (String name : names) {
      cookie.append(cookie.length() == 0 ? "" : "; ").append(name).append('=').append(jar.get(name));
    }
    return request.putHeader("Cookie", cookie.toString());
  }

  @Test
  void cookiesAuthenticateReads() {
    Map<String, String> jar = cookieSignIn("reader");
    HttpResponse<Buffer> r = withCookies(api.request(HttpMethod.GET, "/api/v1/me"), jar, "torg_access").send().await();
    assertEquals(200, r.statusCode());
    assertEquals("reader", r.bodyAsJsonObject().getString("username"));
  }

  @Test
  void aStateChangingCookieRequestNeedsTheCsrfToken() {
    Map<String, String> jar = cookieSignIn("writer");
    JsonObject change = new JsonObject().put("displayName", "Changed");

    HttpResponse<Buffer> without = withCookies(api.request(HttpMethod.PATCH, "/api/v1/me"), jar, "torg_access", "torg_csrf")
        .sendJsonObject(change).await();
    assertEquals(403, without.statusCode(), without.bodyAsString());
    assertEquals("csrf_failed", without.bodyAsJsonObject().getString("error"));

    HttpResponse<Buffer> wrong = withCookies(api.request(HttpMethod.PATCH, "/api/v1/me"), jar, "torg_access")
        .putHeader("X-CSRF-Token", "guessed").sendJsonObject(change).await();
    assertEquals(403, wrong.statusCode());

    // An attacker who plants a torg_csrf cookie of their choosing gains nothing: the token is the session's.
    HttpResponse<Buffer> planted = withCookies(api.request(HttpMethod.PATCH, "/api/v1/me"), Map.of("torg_access",
        jar.get("torg_access"), "torg_csrf", "planted"), "torg_access", "torg_csrf")
        .putHeader("X-CSRF-Token", "planted").sendJsonObject(change).await();
    assertEquals(403, planted.statusCode());

    JsonObject unchanged = withCookies(api.request(HttpMethod.GET, "/api/v1/me"), jar, "torg_access").send().await().bodyAsJsonObject();
    assertEquals("writer", unchanged.getString("displayName"), "nothing changed without the token");

    HttpResponse<Buffer> with = withCookies(api.request(HttpMethod.PATCH, "/api/v1/me"), jar, "torg_access")
        .putHeader("X-CSRF-Token", jar.get("torg_csrf")).sendJsonObject(change).await();
    assertEquals(200, with.statusCode(), with.bodyAsString());
    assertEquals("Changed", with.bodyAsJsonObject().getString("displayName"));
  }

  @Test
  void bearerClientsNeedNoCsrfToken() {
    var session = api.newCitizen("bearer");
    assertEquals(200, api.send(HttpMethod.PATCH, "/api/v1/me", session.accessToken(), new JsonObject().put("displayName", "B"))
        .statusCode());
  }

  @Test
  void anExpiredAccessCookieIsRenewedFromTheRefreshCookie() {
    Map<String, String> jar = cookieSignIn("renewer");
    // The browser dropped the access cookie when it expired; the refresh cookie remains.
    HttpResponse<Buffer> r = withCookies(api.request(HttpMethod.GET, "/api/v1/me"), jar, "torg_refresh").send().await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertTrue(r.cookies().stream().anyMatch(c -> c.startsWith("torg_access=") && c.length() > 100), r.cookies().toString());
  }

  @Test
  void signingOutWithCookiesEndsTheSessionAndClearsTheCookies() {
    Map<String, String> jar = cookieSignIn("leaver");
    HttpResponse<Buffer> out = withCookies(api.request(HttpMethod.DELETE, "/api/v1/sessions"), jar, "torg_access", "torg_refresh")
        .putHeader("X-CSRF-Token", jar.get("torg_csrf")).send().await();
    assertEquals(204, out.statusCode(), out.bodyAsString());
    assertTrue(out.cookies().stream().allMatch(c -> c.toLowerCase().contains("max-age=0")), out.cookies().toString());

    HttpResponse<Buffer> after = withCookies(api.request(HttpMethod.GET, "/api/v1/me"), jar, "torg_access", "torg_refresh")
        .send().await();
    assertEquals(401, after.statusCode(), "the old cookies no longer sign in");
    assertFalse(after.cookies().isEmpty(), "and the server asks the browser to forget them");
  }
}
