package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/**
 * Every URL that is both a page and an ActivityPub document answers the form the Accept field
 * asks for, with {@code Vary: Accept}; the kept thread pages never answer a request for JSON, nor
 * the JSON a request for the page.
 */
class AcceptFormsTest {

  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

  static Vertx vertx;
  static RunningTorg torg;
  static String threadPath;
  static String postPath;
  static String activityPath;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of());
    ApiClient api = torg.api(vertx);
    ApiClient.Session admin = api.newAdmin("chief");
    ApiClient.Session alice = api.newCitizen("alice");
    api.post("/api/v1/groups", admin.accessToken(), new JsonObject().put("name", "branch").put("displayName", "Branch"));
    api.send(io.vertx.core.http.HttpMethod.PUT, "/api/v1/groups/branch/members/alice", admin.accessToken(),
        new JsonObject().put("role", "member"));
    HttpResponse<Buffer> thread = api.post("/api/v1/groups/branch/threads", alice.accessToken(),
        new JsonObject().put("title", "Buses").put("content", "Should line 4 run all night?"));
    assertEquals(201, thread.statusCode(), thread.bodyAsString());
    threadPath = "/threads/" + thread.bodyAsJsonObject().getString("id");
    postPath = "/posts/" + thread.bodyAsJsonObject().getJsonObject("root").getString("id");
    String activity = torg.torg().services().pool().query("SELECT uri FROM outbox_activity WHERE type = 'Create' LIMIT 1")
        .execute().await().iterator().next().getString(0);
    activityPath = URI.create(activity).getRawPath();
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> get(String path, List<String> acceptLines) {
    var request = torg.get(vertx, path);
    if (!acceptLines.isEmpty()) {
      request.putHeader("Accept", acceptLines);
    }
    return request.send().await();
  }

  private static void assertJson(String path, List<String> accept) {
    HttpResponse<Buffer> r = get(path, accept);
    assertEquals(200, r.statusCode(), path + " " + accept);
    assertEquals("application/activity+json", r.getHeader("Content-Type"), path + " " + accept);
    assertTrue(r.getHeader("Vary").contains("Accept"), path + " varies on Accept");
    assertEquals(torg.config().url(path), r.bodyAsJsonObject().getString("id"), "the document of " + path);
  }

  private static void assertHtml(String path, List<String> accept) {
    HttpResponse<Buffer> r = get(path, accept);
    assertEquals(200, r.statusCode(), path + " " + accept);
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"), path + " " + accept + ": " + r.getHeader("Content-Type"));
    assertTrue(r.getHeader("Vary").contains("Accept"), path + " varies on Accept");
    assertTrue(r.bodyAsString().contains("<html"), path);
  }

  @Test
  void everyAcceptFormAnswersTheRightRepresentation() {
    for (String path : List.of("/users/alice", "/groups/branch", postPath, threadPath)) {
      assertJson(path, List.of("application/json"));
      assertJson(path, List.of("application/activity+json"));
      assertJson(path, List.of("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
      assertJson(path, List.of("text/html;q=0.5", "application/activity+json"));
      assertJson(path, List.of("text/html;q=0.2, application/json"));
      assertHtml(path, List.of(BROWSER));
      assertHtml(path, List.of("*/*"));
      assertHtml(path, List.of());
      assertHtml(path, List.of("application/activity+json;q=0.1, text/html"));
      assertHtml(path, List.of("application/activity+json;q=0.1", "text/html"));
    }
    // Collections and activities have no page: the document whatever the Accept, still varying on it.
    for (String path : List.of("/users/alice/outbox", "/groups/branch/followers", activityPath)) {
      assertJson(path, List.of("application/json"));
      assertJson(path, List.of(BROWSER));
    }
  }

  @Test
  void theKeptThreadPageNeverAnswersARequestForJsonNorTheOtherWayRound() {
    for (int round = 0; round < 3; round++) {
      // The first signed-out page is kept; every later one may come from the cache.
      assertHtml(threadPath, List.of(BROWSER));
      assertJson(threadPath, List.of("application/json"));
      assertHtml(threadPath, List.of("*/*"));
      assertJson(threadPath, List.of("text/html;q=0.1", "application/activity+json"));
      HttpResponse<Buffer> gzipped = torg.get(vertx, threadPath).putHeader("Accept", "application/json")
          .putHeader("Accept-Encoding", "gzip").send().await();
      assertEquals("application/activity+json", gzipped.getHeader("Content-Type"), "gzip asked for too");
    }
  }

  @Test
  void anErrorVariesOnAcceptToo() {
    HttpResponse<Buffer> json = get("/posts/999999", List.of("application/json"));
    assertEquals(404, json.statusCode());
    assertTrue(json.getHeader("Content-Type").startsWith("application/json"));
    assertTrue(json.getHeader("Vary").contains("Accept"));
    HttpResponse<Buffer> page = get("/posts/999999", List.of(BROWSER));
    assertEquals(404, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(page.getHeader("Vary").contains("Accept"));
  }
}
