package org.torg.server.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/** With mail.host unset: sign-up works, and every feature that needs mail says that mail is off. */
class MailOffTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_HTTP_HOST", "127.0.0.172"));
    api = torg.api(vertx);
  }

  @AfterAll
  static void stop() {
    if (torg != null) {
      torg.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void featuresThatNeedMailSaySoAndSignUpStillWorks() {
    assertEquals(201, api.register("olle", "password-of-olle").statusCode());
    ApiClient.Session olle = api.signIn("olle", "password-of-olle");
    JsonObject me = api.get("/api/v1/me", olle.accessToken()).bodyAsJsonObject();
    assertEquals(false, me.getBoolean("mailEnabled"));
    assertEquals(false, me.getBoolean("emailVerified"));

    HttpResponse<Buffer> reset = api.post("/api/v1/password-reset", null, new JsonObject().put("email", "olle@example.org"));
    assertEquals(409, reset.statusCode());
    assertEquals("mail_disabled", reset.bodyAsJsonObject().getString("error"));
    assertEquals("mail_disabled", api.post("/api/v1/me/email/verification", olle.accessToken(), null).bodyAsJsonObject()
        .getString("error"));
    HttpResponse<Buffer> choose = api.send(HttpMethod.PUT, "/api/v1/me/email-notifications", olle.accessToken(),
        new JsonObject().put("replies", true));
    assertEquals(409, choose.statusCode());
    assertEquals("mail_disabled", choose.bodyAsJsonObject().getString("error"));
    assertEquals(false, api.get("/api/v1/me/email-notifications", olle.accessToken()).bodyAsJsonObject()
        .getBoolean("mailEnabled"));

    HttpResponse<Buffer> page = torg.get(vertx, "/password-reset").send().await();
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("This server does not send email"), page.bodyAsString());
    assertEquals(0L, torg.torg().services().pool().query("SELECT count(*) FROM outgoing_mail").execute().await()
        .iterator().next().getLong(0), "nothing was queued");
  }
}
