package org.torg.server.http.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;

/**
 * A consultation's page shows what happened to the input: phase, poll results, arguments by
 * stance, the official response and the contributions it took up; its participation report is a
 * page too. Read without JavaScript, as a visitor who is not signed in.
 */
class ConsultationPagesTest {

  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static ApiClient api;
  static String chair;
  static String citizen;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_SESSIONS_ACCESS_TOKEN_MINUTES", "1440"), clock);
    api = torg.api(vertx);
    chair = api.newAdmin("chair").accessToken();
    citizen = api.newCitizen("citizen").accessToken();
    assertEquals(201, api.post("/api/v1/groups", chair, new JsonObject().put("name", "town").put("replyPolicy", "anyone"))
        .statusCode());
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static String page(String path, String language) {
    HttpResponse<Buffer> r = torg.get(vertx, path).putHeader("Accept", "text/html").putHeader("Accept-Language", language)
        .send().await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsString();
  }

  @Test
  void theConsultationPageShowsWhatHappenedToTheInput() {
    Instant now = clock.instant();
    HttpResponse<Buffer> opened = api.post("/api/v1/groups/town/consultations", chair, new JsonObject()
        .put("title", "A new square").put("content", "Where should the **square** go?")
        .put("inputClosesAt", now.plus(Duration.ofMinutes(10)).toString())
        .put("poll", new JsonObject().put("options", new JsonArray().add("By the river").add("By the station")).put("multiple", false)
            .put("endsAt", now.plus(Duration.ofMinutes(5)).toString())));
    assertEquals(201, opened.statusCode(), opened.bodyAsString());
    String threadId = opened.bodyAsJsonObject().getString("id");
    String rootId = opened.bodyAsJsonObject().getJsonObject("root").getString("id");
    JsonObject pro = api.post("/api/v1/posts/" + rootId + "/replies", citizen,
        new JsonObject().put("content", "The river bank needs life").put("stance", "for")).bodyAsJsonObject();
    api.post("/api/v1/posts/" + rootId + "/replies", citizen,
        new JsonObject().put("content", "Too far from the buses").put("stance", "against"));
    assertEquals(204, api.post("/api/v1/threads/" + threadId + "/votes", citizen,
        new JsonObject().put("choices", new JsonArray().add(0))).statusCode());

    String open = page("/threads/" + threadId, "en");
    assertTrue(open.contains("Open for input"), open);
    assertTrue(open.contains("By the river") && open.contains("By the station"));
    assertTrue(open.contains("Open poll: 1 voters so far"));
    assertTrue(open.contains("Arguments by stance"));
    assertTrue(open.contains("For (1)") && open.contains("Against (1)"));
    assertTrue(open.contains("/threads/" + threadId + "/report"));
    assertFalse(open.contains("Official response"));
    assertTrue(page("/threads/" + threadId, "sv").contains("Öppet för synpunkter"));

    clock.advance(Duration.ofMinutes(11));
    HttpResponse<Buffer> response = api.post("/api/v1/threads/" + threadId + "/response", chair, new JsonObject()
        .put("content", "We take up the river idea.").put("cites", new JsonArray().add(pro.getString("id"))));
    assertEquals(201, response.statusCode(), response.bodyAsString());
    String answered = page("/threads/" + threadId, "en");
    assertTrue(answered.contains("Answered"));
    assertTrue(answered.contains("Official response"));
    assertTrue(answered.contains("We take up the river idea."));
    assertTrue(answered.contains("1 contribution taken up"));
    assertTrue(answered.contains("Final results: 1 voters"));

    String report = page("/threads/" + threadId + "/report", "en");
    assertTrue(report.contains("Participation report"));
    // One citizen replied twice and voted; the chair's response speaks for the Group.
    assertTrue(report.contains("<th scope=\"row\">Participants</th><td>1</td>"), report);
    assertTrue(report.contains("<th scope=\"row\">From this server</th><td>1</td>"), report);
    assertTrue(report.contains("By the river"));
    assertTrue(report.contains("<th scope=\"row\">For</th><td>1</td>"), report);
    assertTrue(report.contains("<th scope=\"row\">Against</th><td>1</td>"), report);
    assertTrue(report.contains("Follower and click counts are not kept."));
    String json = api.get("/api/v1/threads/" + threadId + "/report", null).bodyAsString();
    assertFalse(json.toLowerCase().contains("follow") || json.toLowerCase().contains("click"), json);
    assertTrue(page("/threads/" + threadId + "/report", "nb").contains("Deltakerrapport"));
    assertEquals(404, torg.get(vertx, "/threads/99999999/report").putHeader("Accept", "text/html").send().await().statusCode());
  }
}
