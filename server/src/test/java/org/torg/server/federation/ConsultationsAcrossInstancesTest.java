package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.model.Post;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;

/** A consultation on one Torg with a citizen of another: a remote stance recognised, and the response's mention delivered. */
class ConsultationsAcrossInstancesTest {

  static Vertx vertx;
  static RunningTorg a;
  static RunningTorg b;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    a = RunningTorg.onLoopbackAddress("127.0.0.50");
    b = RunningTorg.onLoopbackAddress("127.0.0.51");
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    vertx.close().await();
  }

  static Optional<Post> stored(RunningTorg torg, String uri) {
    return torg.torg().services().posts().posts().findByUri(uri).await();
  }

  static JsonObject ok(HttpResponse<Buffer> r) {
    assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static void eventually(String what, java.util.function.Supplier<Boolean> condition) {
    Eventually.holds(what, Duration.ofSeconds(30), condition);
  }

  @Test
  void aStanceFromAnotherTorgCountsAndTheCitedAuthorGetsTheMention() {
    ApiClient apiA = a.api(vertx);
    ApiClient apiB = b.api(vertx);
    String chair = apiA.newAdmin("chair").accessToken();
    ok(apiA.post("/api/v1/groups", chair, new JsonObject().put("name", "branch")));
    String ben = apiB.newCitizen("ben").accessToken();
    String follow = ok(apiB.post("/api/v1/follows", ben, new JsonObject().put("target", "http://127.0.0.50/groups/branch")))
        .getString("id");
    eventually("B's follow is accepted", () -> b.torg().services().follows().findById(Long.parseLong(follow)).await()
        .map(f -> f.state().name().equals("accepted")).orElse(false));

    Instant closes = Instant.now().plusSeconds(8);
    JsonObject thread = ok(apiA.post("/api/v1/groups/branch/consultations", chair, new JsonObject().put("title", "Night buses")
        .put("content", "Should line 4 run all night?").put("inputClosesAt", closes.toString())));
    String rootUri = thread.getJsonObject("root").getString("uri");
    eventually("the consultation reached B", () -> stored(b, rootUri).isPresent());

    // ben answers from B with a stance: it travels as the leading hashtag and A reads it.
    JsonObject reply = ok(apiB.post("/api/v1/posts/" + stored(b, rootUri).orElseThrow().id() + "/replies", ben,
        new JsonObject().put("content", "Too expensive for a small line.").put("stance", "against")));
    assertEquals("against", reply.getString("stance"));
    String replyUri = reply.getString("uri");
    eventually("A has ben's reply", () -> stored(a, replyUri).isPresent());
    Post onA = stored(a, replyUri).orElseThrow();
    assertEquals("against", onA.stance());
    JsonObject report = ok(apiA.get("/api/v1/threads/" + thread.getString("id") + "/report", null));
    assertEquals(1, report.getJsonObject("replies").getInteger("against"));
    assertEquals(new JsonArray().add(new JsonObject().put("host", "127.0.0.51").put("participants", 1)), report.getJsonArray("servers"));

    // Input closes; the response cites ben's reply, and B gets it with ben's mention.
    eventually("input closed", () -> "closed".equals(ok(apiA.get("/api/v1/threads/" + thread.getString("id"), null))
        .getJsonObject("consultation").getString("phase")));
    JsonObject response = ok(apiA.post("/api/v1/threads/" + thread.getString("id") + "/response", chair,
        new JsonObject().put("content", "We keep the line as it is, for now.").put("cites", new JsonArray().add(Long.toString(onA.id())))));
    eventually("B has the response", () -> stored(b, response.getString("uri")).isPresent());
    Post responseOnB = stored(b, response.getString("uri")).orElseThrow();
    assertTrue(responseOnB.mentionedActors().contains("http://127.0.0.51/users/ben"), responseOnB.tags().encode());
    assertTrue(responseOnB.content().contains(replyUri), "links ben's reply: " + responseOnB.content());
  }
}
