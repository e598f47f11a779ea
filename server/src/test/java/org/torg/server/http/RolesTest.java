package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/**
 * Every role against every route class, through HTTP: anonymous, citizen, member of a Group,
 * moderator of that Group, instance moderator, admin; against a public route, a signed-in route,
 * a member route, a Group-moderator route, an instance-moderator route and an admin route.
 * Anonymous gets 401 wherever signing in is needed, a role too small 403.
 */
class RolesTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  /** Access tokens by role; anonymous has none. */
  static final Map<String, String> TOKENS = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of());
    api = torg.api(vertx);
    String admin = api.newAdmin("theadmin").accessToken();
    String moderator = api.newCitizen("themoderator").accessToken();
    String groupModerator = api.newCitizen("thegroupmod").accessToken();
    String member = api.newCitizen("themember").accessToken();
    String citizen = api.newCitizen("thecitizen").accessToken();
    for (int i = 0; i < 6; i++) {
      api.newCitizen("target" + i);
    }
    ok(api.send(HttpMethod.PUT, "/api/v1/admin/accounts/themoderator/role", admin, new JsonObject().put("role", "moderator")));
    ok(api.post("/api/v1/groups", admin, new JsonObject().put("name", "branch").put("displayName", "The branch")));
    ok(api.send(HttpMethod.PUT, "/api/v1/groups/branch/members/thegroupmod", admin, new JsonObject().put("role", "moderator")));
    ok(api.send(HttpMethod.PUT, "/api/v1/groups/branch/members/themember", admin, new JsonObject().put("role", "member")));
    TOKENS.put("anonymous", null);
    TOKENS.put("citizen", citizen);
    TOKENS.put("member", member);
    TOKENS.put("group moderator", groupModerator);
    TOKENS.put("instance moderator", moderator);
    TOKENS.put("admin", admin);
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static void ok(HttpResponse<Buffer> r) {
    if (r.statusCode() >= 300) {
      throw new AssertionError(r.statusCode() + " " + r.bodyAsString());
    }
  }

  /** A route of one class; {@code call} gets the token and the role's index (for names that must differ). */
  private record RouteClass(String name, BiFunction<String, Integer, HttpResponse<Buffer>> call, int[] expected) {}

  @TestFactory
  List<DynamicTest> eachRoleAgainstEachRouteClass() {
    // Expected statuses in TOKENS order: anonymous, citizen, member, group moderator, instance moderator, admin.
    List<RouteClass> classes = List.of(
        new RouteClass("public: GET /api/v1/groups/branch", (token, n) -> api.get("/api/v1/groups/branch", token),
            new int[] {200, 200, 200, 200, 200, 200}),
        new RouteClass("signed in: GET /api/v1/me", (token, n) -> api.get("/api/v1/me", token),
            new int[] {401, 200, 200, 200, 200, 200}),
        new RouteClass("group member: GET /api/v1/groups/branch/members",
            (token, n) -> api.get("/api/v1/groups/branch/members", token),
            new int[] {401, 403, 200, 200, 200, 200}),
        new RouteClass("group moderator: PUT /api/v1/groups/branch/members/{name}",
            (token, n) -> api.send(HttpMethod.PUT, "/api/v1/groups/branch/members/target" + n, token,
                new JsonObject().put("role", "member")),
            new int[] {401, 403, 403, 204, 204, 204}),
        new RouteClass("instance moderator: POST /api/v1/groups",
            (token, n) -> api.post("/api/v1/groups", token, new JsonObject().put("name", "group" + n)),
            new int[] {401, 403, 403, 403, 201, 201}),
        new RouteClass("admin: GET /api/v1/admin/audit", (token, n) -> api.get("/api/v1/admin/audit", token),
            new int[] {401, 403, 403, 403, 403, 200}));
    List<DynamicTest> tests = new ArrayList<>();
    for (RouteClass routeClass : classes) {
      int i = 0;
      for (Map.Entry<String, String> role : TOKENS.entrySet()) {
        int index = i++;
        int expected = routeClass.expected()[index];
        tests.add(dynamicTest(role.getKey() + " → " + routeClass.name() + " = " + expected, () -> {
          HttpResponse<Buffer> r = routeClass.call().apply(role.getValue(), index);
          assertEquals(expected, r.statusCode(), r.bodyAsString());
        }));
      }
    }
    return tests;
  }
}
