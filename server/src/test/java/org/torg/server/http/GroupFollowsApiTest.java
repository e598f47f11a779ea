package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/** A Group's moderators make it follow another Group (the first step of a branch network), and stop. */
class GroupFollowsApiTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static String admin;
  static String member;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://hub.test"));
    api = torg.api(vertx);
    admin = api.newAdmin("boss").accessToken();
    member = api.newCitizen("cit").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "hub"));
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "north"));
    api.send(HttpMethod.PUT, "/api/v1/groups/hub/members/boss", admin, new JsonObject().put("role", "moderator"));
    api.send(HttpMethod.PUT, "/api/v1/groups/hub/members/cit", admin, new JsonObject().put("role", "member"));
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  @Test
  void aModeratorMakesTheHubFollowABranchAndStops() {
    var followed = api.post("/api/v1/groups/hub/follows", admin, new JsonObject().put("target", "!north@hub.test"));
    assertEquals(201, followed.statusCode(), followed.bodyAsString());
    assertEquals("http://hub.test/groups/north", followed.bodyAsJsonObject().getString("target"));
    assertEquals("accepted", followed.bodyAsJsonObject().getString("state"));
    assertEquals(1, following("hub"));

    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/groups/hub/follows?target=@north@hub.test", admin, null).statusCode());
    assertEquals(0, following("hub"));
    assertEquals(404, api.send(HttpMethod.DELETE, "/api/v1/groups/hub/follows?target=@north@hub.test", admin, null).statusCode());
  }

  @Test
  void onlyModeratorsAndOnlyGroups() {
    assertEquals(401, api.post("/api/v1/groups/hub/follows", null, new JsonObject().put("target", "@north@hub.test")).statusCode());
    assertEquals(403, api.post("/api/v1/groups/hub/follows", member, new JsonObject().put("target", "@north@hub.test")).statusCode());
    var person = api.post("/api/v1/groups/hub/follows", admin, new JsonObject().put("target", "@cit@hub.test"));
    assertEquals(422, person.statusCode());
    assertEquals("not_a_group", person.bodyAsJsonObject().getString("error"));
    assertEquals(422, api.post("/api/v1/groups/hub/follows", admin, new JsonObject()).statusCode());
    assertEquals(422, api.send(HttpMethod.DELETE, "/api/v1/groups/hub/follows", admin, null).statusCode());
    assertEquals(404, api.post("/api/v1/groups/nowhere/follows", admin, new JsonObject().put("target", "@north@hub.test")).statusCode());
    assertEquals(0, following("hub"), "nothing refused was stored");
  }

  private long following(String group) {
    var r = torg.get(vertx, "/groups/" + group + "/following").putHeader("Accept", "application/activity+json").send().await();
    assertEquals(200, r.statusCode());
    return r.bodyAsJsonObject().getLong("totalItems");
  }
}
