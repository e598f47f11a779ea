package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;

/** A report on one Torg about an account on another, forwarded as a Flag, lands in the other's queue. */
class ReportsAcrossInstancesTest {

  static Vertx vertx;
  static RunningTorg a;
  static RunningTorg b;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    a = RunningTorg.onLoopbackAddress("127.0.0.30");
    b = RunningTorg.onLoopbackAddress("127.0.0.31");
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    vertx.close().await();
  }

  @Test
  void aForwardedReportReachesTheOtherInstancesModerators() {
    ApiClient apiA = a.api(vertx);
    ApiClient apiB = b.api(vertx);
    String adminA = apiA.newAdmin("admina").accessToken();
    String reporter = apiA.newCitizen("reporter").accessToken();
    String adminB = apiB.newAdmin("adminb").accessToken();
    apiB.newCitizen("bob");

    HttpResponse<Buffer> reported = apiA.post("/api/v1/reports", reporter,
        new JsonObject().put("targetAccount", "@bob@127.0.0.31").put("comment", "Threatening messages"));
    assertEquals(201, reported.statusCode(), reported.bodyAsString());
    String id = reported.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> forwarded = apiA.post("/api/v1/admin/reports/" + id + "/resolve", adminA,
        new JsonObject().put("action", "forward").put("reason", "bob is theirs to moderate"));
    assertEquals(200, forwarded.statusCode(), forwarded.bodyAsString());

    Eventually.holds("B's moderators see the report", Duration.ofSeconds(20),
        () -> apiB.get("/api/v1/admin/reports", adminB).bodyAsJsonArray().size() == 1,
        () -> apiB.get("/api/v1/admin/reports", adminB).bodyAsString());
    JsonObject report = apiB.get("/api/v1/admin/reports", adminB).bodyAsJsonArray().getJsonObject(0);
    assertEquals("remote", report.getString("origin"));
    assertEquals("@bob@127.0.0.31", report.getString("targetAccount"));
    assertEquals("@127.0.0.30@127.0.0.30", report.getString("reporter"), "from A's instance actor, not the reporter");
    assertEquals("Threatening messages", report.getString("comment"));
    assertEquals(new JsonArray(), report.getJsonArray("posts"));

    JsonObject entry = apiA.get("/api/v1/modlog", null).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertEquals("forward_report", entry.getString("action"));
    assertEquals("@bob@127.0.0.31", entry.getString("target"));
    assertEquals("bob is theirs to moderate", entry.getString("reason"));
  }
}
