package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.torg.server.http.AccountsApiTest.assertError;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/** The admin API for accounts, the audit log it keeps, and the rules on who changes whose role. */
class AdminAccountsTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static String admin;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_HTTP_BEHIND_PROXY", "true"));
    api = torg.api(vertx);
    admin = api.newAdmin("chief").accessToken();
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static JsonArray audit(String kind) {
    return api.get("/api/v1/admin/audit?kind=" + kind, admin).bodyAsJsonObject().getJsonArray("items");
  }

  private static boolean anyEvent(String kind, Predicate<JsonObject> match) {
    return audit(kind).stream().map(JsonObject.class::cast).anyMatch(match);
  }

  @Test
  void signInsAndFailedSignInsAreAudited() {
    api.newCitizen("audited");
    api.from("192.0.2.7").signIn("audited", "password-of-audited");
    assertEquals(401, api.from("192.0.2.8").signInResponse("audited", "wrong guess").statusCode());
    assertEquals(401, api.from("192.0.2.9").signInResponse("no-such-name", "wrong guess").statusCode());
    assertTrue(anyEvent("sign_in", e -> "audited".equals(e.getString("account")) && "192.0.2.7".equals(e.getString("ip"))));
    assertTrue(anyEvent("sign_in_failed", e -> "audited".equals(e.getString("account")) && "192.0.2.8".equals(e.getString("ip"))));
    assertTrue(anyEvent("sign_in_failed", e -> e.getValue("account") == null && "no-such-name".equals(e.getString("username"))),
        "a failed sign-in for an unknown name is kept with the name given");
    assertTrue(audit("sign_in").encode().indexOf("wrong guess") < 0, "passwords are never recorded");
  }

  @Test
  void roleChangesAreAuditedWithWhoMadeThem() {
    String target = api.newCitizen("promoted").accessToken();
    var r = api.send(HttpMethod.PUT, "/api/v1/admin/accounts/promoted/role", admin, new JsonObject().put("role", "moderator"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("moderator", r.bodyAsJsonObject().getString("role"));
    assertEquals("moderator", api.get("/api/v1/me", target).bodyAsJsonObject().getString("role"), "at once, no new sign-in needed");
    assertTrue(anyEvent("role_changed", e -> "promoted".equals(e.getString("account")) && "chief".equals(e.getString("by"))
        && "citizen".equals(e.getJsonObject("detail").getString("from")) && "moderator".equals(e.getJsonObject("detail").getString("to"))));

    assertError(api.send(HttpMethod.PUT, "/api/v1/admin/accounts/promoted/role", admin, new JsonObject().put("role", "king")),
        422, "invalid_role");
    assertError(api.send(HttpMethod.PUT, "/api/v1/admin/accounts/nobody/role", admin, new JsonObject().put("role", "admin")),
        404, "not_found");
    assertError(api.send(HttpMethod.PUT, "/api/v1/admin/accounts/chief/role", admin, new JsonObject().put("role", "citizen")),
        409, "last_admin");
    assertEquals("admin", api.get("/api/v1/me", admin).bodyAsJsonObject().getString("role"), "the refused change left no trace");
  }

  @Test
  void groupModeratorsManageMembersButNotModerators() {
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "forum"));
    String groupMod = api.newCitizen("forummod").accessToken();
    api.newCitizen("forumuser");
    api.newCitizen("othermod");
    assertEquals(204, api.send(HttpMethod.PUT, "/api/v1/groups/forum/members/forummod", admin,
        new JsonObject().put("role", "moderator")).statusCode());
    assertEquals(204, api.send(HttpMethod.PUT, "/api/v1/groups/forum/members/othermod", admin,
        new JsonObject().put("role", "moderator")).statusCode());
    assertEquals(204, api.send(HttpMethod.PUT, "/api/v1/groups/forum/members/forumuser", groupMod,
        new JsonObject().put("role", "member")).statusCode());
    assertEquals(403, api.send(HttpMethod.PUT, "/api/v1/groups/forum/members/forumuser", groupMod,
        new JsonObject().put("role", "moderator")).statusCode(), "making moderators takes an instance moderator");
    assertEquals(403, api.send(HttpMethod.DELETE, "/api/v1/groups/forum/members/othermod", groupMod, null).statusCode(),
        "so does removing one");
    assertEquals(403, api.send(HttpMethod.PUT, "/api/v1/groups/forum/members/othermod", groupMod,
        new JsonObject().put("role", "member")).statusCode(), "or demoting one");
    JsonArray members = api.get("/api/v1/groups/forum/members", groupMod).bodyAsJsonArray();
    assertEquals(new JsonArray()
        .add(new JsonObject().put("username", "forummod").put("role", "moderator"))
        .add(new JsonObject().put("username", "othermod").put("role", "moderator"))
        .add(new JsonObject().put("username", "forumuser").put("role", "member")), members);
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/groups/forum/members/forumuser", groupMod, null).statusCode());
    assertTrue(anyEvent("group_role_changed", e -> "forumuser".equals(e.getString("account")) && "forummod".equals(e.getString("by"))
        && e.getJsonObject("detail").getValue("to") == null));
  }

  @Test
  void anAdminCanEndEveryOneOfAnAccountsSessions() {
    String token = api.newCitizen("lostphone").accessToken();
    var r = api.send(HttpMethod.DELETE, "/api/v1/admin/accounts/lostphone/sessions", admin, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals(1, r.bodyAsJsonObject().getInteger("revoked"));
    assertEquals(401, api.get("/api/v1/me", token).statusCode());
    assertTrue(anyEvent("sessions_revoked", e -> "lostphone".equals(e.getString("account")) && "chief".equals(e.getString("by"))));
  }
}
