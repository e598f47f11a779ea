package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.torg.server.support.Instances;
import org.torg.server.support.RunningTorg;

/**
 * Issue 19's two-Torg move: an account on Torg A, followed from Torg B and from A itself, moves to a
 * new account on B (which lists the old one as an alias first). Afterwards every follower follows
 * the new account and no longer the old one, and the old one shows movedTo and refuses new posts.
 */
class MovesAcrossInstancesTest {

  static Vertx vertx;
  static RunningTorg a;
  static RunningTorg b;

  static final String OLD = "http://127.0.0.180/users/ada";
  static final String NEW = "http://127.0.0.181/users/ada2";

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    a = RunningTorg.onLoopbackAddress("127.0.0.180");
    b = RunningTorg.onLoopbackAddress("127.0.0.181");
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    vertx.close().await();
  }

  @Test
  void anAccountMovesToTheOtherTorgAndKeepsItsFollowers() {
    ApiClient apiA = a.api(vertx);
    ApiClient apiB = b.api(vertx);
    String ada = apiA.newCitizen("ada").accessToken();
    String cy = apiA.newCitizen("cy").accessToken();
    String bo = apiB.newCitizen("bo").accessToken();
    String ada2 = apiB.newCitizen("ada2").accessToken();
    String admin = apiA.newAdmin("chief").accessToken();
    apiA.post("/api/v1/groups", admin, new JsonObject().put("name", "branch"));

    assertEquals(201, apiA.post("/api/v1/follows", cy, new JsonObject().put("target", "@ada@127.0.0.180")).statusCode());
    HttpResponse<Buffer> followed = apiB.post("/api/v1/follows", bo, new JsonObject().put("target", "@ada@127.0.0.180"));
    assertEquals(201, followed.statusCode(), followed.bodyAsString());
    Eventually.holds("bo on B follows ada on A", Duration.ofSeconds(30), () -> Instances.follows(b, "http://127.0.0.181/users/bo", OLD));
    assertTrue(Instances.follows(a, "http://127.0.0.180/users/cy", OLD));

    // Without the alias on the new account, the move is refused and nothing changes.
    HttpResponse<Buffer> refused = apiA.post("/api/v1/me/move", ada,
        new JsonObject().put("target", "@ada2@127.0.0.181").put("password", "password-of-ada"));
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertEquals("no_alias", refused.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> wrongPassword = apiA.post("/api/v1/me/move", ada,
        new JsonObject().put("target", "@ada2@127.0.0.181").put("password", "not it"));
    assertEquals(403, wrongPassword.statusCode());
    assertEquals(422, apiA.post("/api/v1/me/move", ada,
        new JsonObject().put("target", "@nobody@127.0.0.181").put("password", "password-of-ada")).statusCode(), "unknown target");
    assertEquals(0L, Instances.count(a, "SELECT count(*) FROM actor_move"));

    // The new account on B names the old one on A, which B resolves through WebFinger.
    HttpResponse<Buffer> aliased = apiB.post("/api/v1/me/aliases", ada2, new JsonObject().put("alias", "@ada@127.0.0.180"));
    assertEquals(201, aliased.statusCode(), aliased.bodyAsString());
    assertEquals(new JsonArray().add(OLD), aliased.bodyAsJsonObject().getJsonArray("alsoKnownAs"));
    assertEquals(new JsonArray().add(OLD), b.getActivityJson(vertx, "/users/ada2").send().await().bodyAsJsonObject()
        .getJsonArray("alsoKnownAs"), "the actor document carries alsoKnownAs");

    HttpResponse<Buffer> moved = apiA.post("/api/v1/me/move", ada,
        new JsonObject().put("target", "@ada2@127.0.0.181").put("password", "password-of-ada"));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    assertEquals(NEW, moved.bodyAsJsonObject().getString("movedTo"));

    Eventually.holds("bo on B follows ada2 and no longer ada", Duration.ofSeconds(30),
        () -> Instances.follows(b, "http://127.0.0.181/users/bo", NEW) && !Instances.follows(b, "http://127.0.0.181/users/bo", OLD));
    Eventually.holds("cy on A follows ada2 on B, accepted, and no longer ada", Duration.ofSeconds(30),
        () -> Instances.follows(a, "http://127.0.0.180/users/cy", NEW) && !Instances.follows(a, "http://127.0.0.180/users/cy", OLD));
    Eventually.holds("B has cy as a follower of ada2", Duration.ofSeconds(30),
        () -> Instances.follows(b, "http://127.0.0.180/users/cy", NEW));

    JsonObject oldActor = a.getActivityJson(vertx, "/users/ada").send().await().bodyAsJsonObject();
    assertEquals(NEW, oldActor.getString("movedTo"));
    assertTrue(a.get(vertx, "/users/ada").putHeader("Accept", "text/html").send().await().bodyAsString().contains(NEW),
        "the old profile says where the account went");
    assertEquals(1L, Instances.count(b, "SELECT count(*) FROM actor_move m JOIN actor x ON x.id = m.actor_id WHERE x.uri = $1", OLD),
        "B marked the old account moved");

    // The old account writes no more; a second move within 30 days is refused.
    HttpResponse<Buffer> post = apiA.post("/api/v1/groups/branch/threads", ada,
        new JsonObject().put("title", "Still here?").put("content", "No."));
    assertEquals(403, post.statusCode(), post.bodyAsString());
    assertEquals("account_moved", post.bodyAsJsonObject().getString("error"));
    assertEquals(409, apiA.post("/api/v1/me/move", ada,
        new JsonObject().put("target", "@ada2@127.0.0.181").put("password", "password-of-ada")).statusCode());
    assertFalse(Instances.follows(a, "http://127.0.0.180/users/cy", OLD));
  }
}
