package org.torg.server.http.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/**
 * Signed-in readers' thread pages, kept once per thread version and kind of reader: each reader
 * still gets their own name and id, gzipped or not, a change to the thread shows at once, a
 * moderator's page is not a citizen's, and nothing of one reader reaches another.
 */
class SignedInThreadPagesTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static String threadId;
  static String rootId;
  static String adaToken;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of());
    api = torg.api(vertx);
    String admin = api.newAdmin("chief").accessToken();
    adaToken = api.newCitizen("ada").accessToken();
    api.newCitizen("bo");
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "branch"));
    api.send(HttpMethod.PUT, "/api/v1/groups/branch/members/ada", admin, new JsonObject().put("role", "member"));
    JsonObject thread = api.post("/api/v1/groups/branch/threads", adaToken,
        new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?")).bodyAsJsonObject();
    threadId = thread.getString("id");
    rootId = thread.getJsonObject("root").getString("id");
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static String cookies(String username) {
    HttpResponse<Buffer> r = api.post("/api/v1/sessions", null,
        new JsonObject().put("username", username).put("password", "password-of-" + username).put("cookie", true));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    StringBuilder header = new StringBuilder();
    for (String c : r.cookies()) {
      header.append(header.length() == 0 ? "" : "; ").append(c, 0, c.indexOf(';'));
    }
    return header.toString();
  }

  private static HttpResponse<Buffer> page(String cookie, boolean gzip) {
    var request = torg.get(vertx, "/threads/" + threadId).putHeader("Accept", "text/html").putHeader("Cookie", cookie);
    if (gzip) {
      request.putHeader("Accept-Encoding", "gzip");
    }
    return request.send().await();
  }

  private static String html(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode());
    if (!"gzip".equals(response.getHeader("Content-Encoding"))) {
      return response.bodyAsString();
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body().getBytes()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("not gzip", e);
    }
  }

  @Test
  void eachReaderGetsTheirOwnNameFromOneKeptPage() {
    String ada = cookies("ada");
    String bo = cookies("bo");
    // The Vert.x client may inflate by itself: ask with and without gzip, and read either.
    String adaPage = html(page(ada, true));
    String boPage = html(page(bo, true));
    String boPlain = html(page(bo, false));
    String adaActor = actor("ada");
    assertTrue(adaPage.contains("data-viewer=\"" + adaActor + "\""), adaPage);
    assertTrue(adaPage.contains(">Signed in as ada</li>"), adaPage);
    assertTrue(boPage.contains(">Signed in as bo</li>") && boPage.contains("data-viewer=\"" + actor("bo") + "\""), boPage);
    assertFalse(boPage.contains("data-viewer=\"" + adaActor) || boPage.contains("Signed in as ada"), "no trace of ada's session");
    assertEquals(boPage, boPlain, "gzipped and plain are the same page");
    assertFalse(adaPage.contains(SignedInThreadPages.NAME) || adaPage.contains(SignedInThreadPages.ACTOR), "no stand-in is left");
    // Ada's own post carries its edit button (shown to her by the script); bo's page has the same, for the script to keep hidden.
    String editButton = "data-author=\"" + adaActor + "\" data-action=\"edit\" data-post=\"" + rootId + "\"";
    assertTrue(adaPage.contains(editButton) && boPage.contains(editButton), adaPage);
    assertEquals(1, count(adaPage, "data-action=\"like\""));
  }

  @Test
  void aChangeToTheThreadShowsAtOnceAndAModeratorGetsTheirOwnPage() {
    String ada = cookies("ada");
    String before = html(page(ada, true));
    assertFalse(before.contains("Trams instead"));
    JsonObject reply = api.post("/api/v1/posts/" + rootId + "/replies", adaToken, new JsonObject().put("content", "Trams instead?"))
        .bodyAsJsonObject();
    String after = html(page(ada, true));
    assertTrue(after.contains("Trams instead"), "the new reply shows on the next read: " + after);
    assertTrue(after.contains("id=\"post-" + reply.getString("id") + "\""));
    String chief = cookies("chief");
    String moderatorPage = html(page(chief, true));
    assertTrue(moderatorPage.contains("href=\"/admin\""), "a moderator's page links to the admin pages");
    assertFalse(html(page(ada, true)).contains("href=\"/admin\""), "a citizen's does not");
    // A session that signs nobody in gets the anonymous page, not a kept one.
    String gone = html(page("torg_access=not-a-token", true));
    assertFalse(gone.contains("data-signed-in"));
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + reply.getString("id"), adaToken, null).statusCode());
    assertFalse(html(page(ada, true)).contains("Trams instead"), "a deletion shows at once too");
  }

  private static String actor(String username) {
    return torg.torg().services().actors().findLocalByUsername(username).await().orElseThrow().uri();
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }
}
