package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.torg.server.http.AccountsApiTest.assertError;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/** Registration when an admin must approve it, and when registration is closed. */
class RegistrationModesTest {

  static Vertx vertx;
  static RunningTorg approval;
  static RunningTorg closed;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    approval = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://approval.test", "TORG_ACCOUNTS_REGISTRATION", "approval",
        "TORG_HTTP_BEHIND_PROXY", "true"));
    closed = RunningTorg.start(Map.of("TORG_ACCOUNTS_REGISTRATION", "closed"));
  }

  @AfterAll
  static void stop() {
    approval.close();
    closed.close();
    vertx.close().await();
  }

  @Test
  void anApprovedRegistrationWaitsUnseenUntilAnAdminApprovesIt() {
    ApiClient api = approval.api(vertx);
    String admin = api.newAdmin("gatekeeper").accessToken();
    HttpResponse<Buffer> r = api.from("10.1.0.1").post("/api/v1/accounts", null, new JsonObject().put("username", "applicant")
        .put("email", "applicant@example.org").put("password", "a long passphrase").put("reason", "I live in the north."));
    assertEquals(202, r.statusCode(), r.bodyAsString());
    assertEquals("pending", r.bodyAsJsonObject().getString("state"));

    assertError(api.signInResponse("applicant", "a long passphrase"), 403, "awaiting_approval");
    assertEquals(404, approval.getActivityJson(vertx, "/users/applicant").send().await().statusCode(), "not served yet");
    assertEquals(404, approval.get(vertx, "/.well-known/webfinger?resource=acct:applicant@approval.test").send().await().statusCode());

    var pending = api.get("/api/v1/admin/accounts?state=pending", admin).bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, pending.size());
    assertEquals("I live in the north.", pending.getJsonObject(0).getString("registrationReason"));

    HttpResponse<Buffer> approved = api.post("/api/v1/admin/accounts/applicant/approve", admin, null);
    assertEquals(200, approved.statusCode(), approved.bodyAsString());
    assertEquals("active", approved.bodyAsJsonObject().getString("state"));
    assertEquals(200, approval.getActivityJson(vertx, "/users/applicant").send().await().statusCode());
    api.signIn("applicant", "a long passphrase");
    assertError(api.post("/api/v1/admin/accounts/applicant/approve", admin, null), 409, "not_pending");
  }

  @Test
  void aRejectedRegistrationIsRemovedAndItsNameFreed() {
    ApiClient api = approval.api(vertx);
    String admin = api.newAdmin("doorman").accessToken();
    assertEquals(202, api.from("10.1.0.2").register("spammer", "a long passphrase").statusCode());
    assertEquals(202, api.from("10.1.0.4").register("nosy", "a long passphrase").statusCode());
    assertEquals(200, api.post("/api/v1/admin/accounts/nosy/approve", admin, null).statusCode());
    String citizen = api.signIn("nosy", "a long passphrase").accessToken();
    assertEquals(403, api.post("/api/v1/admin/accounts/spammer/reject", citizen, null).statusCode(), "only admins decide");
    assertEquals(204, api.post("/api/v1/admin/accounts/spammer/reject", admin, null).statusCode());
    assertError(api.signInResponse("spammer", "a long passphrase"), 401, "invalid_credentials");
    assertEquals(202, api.from("10.1.0.3").register("spammer", "another passphrase").statusCode(), "the name is free again");
  }

  @Test
  void closedRegistrationRefusesEveryoneButStillLetsAdminsIn() {
    ApiClient api = closed.api(vertx);
    assertError(api.register("hopeful", "a long passphrase"), 403, "registrations_closed");
    api.newAdmin("operator");
  }
}
