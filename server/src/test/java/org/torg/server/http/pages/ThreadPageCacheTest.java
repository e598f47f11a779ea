package org.torg.server.http.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/**
 * Thread pages for readers who are not signed in are kept per thread version and language: the
 * next read after any change shows it, each language keeps its own page, gzip is served to those
 * who accept it, and a signed-in reader never gets the anonymous page.
 */
class ThreadPageCacheTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static ApiClient.Session admin;
  static String threadId;
  static String rootId;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of());
    api = torg.api(vertx);
    admin = api.newAdmin("keeper");
    api.post("/api/v1/groups", admin.accessToken(), new JsonObject().put("name", "kept"));
    JsonObject thread = api.post("/api/v1/groups/kept/threads", admin.accessToken(),
        new JsonObject().put("title", "Kept pages").put("content", "First words")).bodyAsJsonObject();
    threadId = thread.getString("id");
    rootId = thread.getJsonObject("root").getString("id");
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> page(String... headers) {
    var request = torg.get(vertx, "/threads/" + threadId).putHeader("Accept", "text/html");
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    HttpResponse<Buffer> response = request.send().await();
    assertEquals(200, response.statusCode());
    return response;
  }

  private static String gunzip(Buffer body) {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body.getBytes()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new AssertionError("not gzip", e);
    }
  }

  @Test
  void aChangeShowsOnTheNextAnonymousRead() {
    assertTrue(page().bodyAsString().contains("First words"));
    assertTrue(page().bodyAsString().contains("First words"), "read again, from what was kept");
    api.post("/api/v1/posts/" + rootId + "/replies", admin.accessToken(), new JsonObject().put("content", "A reply right after"));
    assertTrue(page().bodyAsString().contains("A reply right after"));
    api.send(HttpMethod.PATCH, "/api/v1/posts/" + rootId, admin.accessToken(), new JsonObject().put("content", "Edited words"));
    String edited = page().bodyAsString();
    assertTrue(edited.contains("Edited words"));
    assertFalse(edited.contains("First words"));
  }

  @Test
  void eachLanguageKeepsItsOwnPageAndGzipIsTheSamePage() {
    String english = page("Accept-Language", "en").bodyAsString();
    String swedish = page("Accept-Language", "sv").bodyAsString();
    assertTrue(english.contains("lang=\"en\""), english.substring(0, Math.min(300, english.length())));
    assertTrue(swedish.contains("lang=\"sv\""));
    assertEquals(english, page("Accept-Language", "en").bodyAsString());

    HttpResponse<Buffer> gzipped = page("Accept-Language", "en", "Accept-Encoding", "gzip");
    assertEquals("gzip", gzipped.getHeader("Content-Encoding"));
    assertEquals(english, gunzip(gzipped.body()));
    assertNull(page("Accept-Language", "en", "Accept-Encoding", "identity").getHeader("Content-Encoding"));
    assertTrue(gzipped.getHeader("Vary").contains("Accept-Encoding"));
    assertTrue(gzipped.getHeader("Content-Security-Policy").contains("script-src 'self'"));
  }

  @Test
  void aSignedInReaderGetsTheirOwnPage() {
    page(); // an anonymous page is kept
    HttpResponse<Buffer> signedIn = api.request(HttpMethod.GET, "/threads/" + threadId).putHeader("Accept", "text/html")
        .putHeader("Cookie", "torg_access=" + admin.accessToken()).send().await();
    assertEquals(200, signedIn.statusCode());
    assertTrue(signedIn.bodyAsString().contains("data-signed-in=\"true\""), "the signed-in page, with the viewer's controls");
    assertTrue(signedIn.bodyAsString().contains("class=\"viewer\""));
    assertEquals("private, no-store", signedIn.getHeader("Cache-Control"));
    String anonymous = page().bodyAsString();
    assertFalse(anonymous.contains("data-signed-in"), "the signed-in page is never kept for anonymous readers");
    assertFalse(anonymous.contains("class=\"viewer\""));
  }
}
