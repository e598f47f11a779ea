package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.TestMedia;

/**
 * An avatar is an upload no post takes, yet the sweep of unattached uploads keeps it while the
 * profile uses it; closing the account erases the profile's fields and header and gives its
 * images back to the sweep.
 */
class ProfileMediaSweepTest {

  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static ApiClient api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://sweep.test", "TORG_MEDIA_SWEEP_SECONDS", "1",
        "TORG_MEDIA_UNATTACHED_HOURS", "1"), clock);
    api = torg.api(vertx);
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> upload(String path, String token, String description) {
    MultipartForm form = MultipartForm.create();
    if (description != null) {
      form.attribute("description", description);
    }
    form.binaryFileUpload("file", "a.png", Buffer.buffer(TestMedia.image("png", 40, 40, Color.GREEN)), "image/png");
    return api.request(HttpMethod.POST, path).putHeader("Authorization", "Bearer " + token).sendMultipartForm(form).await();
  }

  private static long rows(String where) {
    return torg.torg().services().pool().query("SELECT count(*) FROM media WHERE " + where).execute().await().iterator().next()
        .getLong(0);
  }

  @Test
  void theSweepKeepsAProfilesImagesUntilTheAccountCloses() {
    String token = api.newCitizen("ingrid").accessToken();
    HttpResponse<Buffer> avatar = upload("/api/v1/me/avatar", token, null);
    assertEquals(200, avatar.statusCode(), avatar.bodyAsString());
    String avatarPath = avatar.bodyAsJsonObject().getString("avatarUrl").substring("http://sweep.test".length());
    String stray = upload("/api/v1/media", token, "never posted").bodyAsJsonObject().getString("id");
    assertEquals(200, api.send(HttpMethod.PATCH, "/api/v1/me", token, new JsonObject().put("fields",
        new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", "Town").put("value", "Kiruna")))).statusCode());

    clock.advance(Duration.ofHours(2));
    Eventually.holds("the stray upload is swept", Duration.ofSeconds(15), () -> rows("id = " + stray) == 0);
    assertEquals(1, rows("profile_of IS NOT NULL"), "the avatar stays");
    assertEquals(200, torg.get(vertx, avatarPath).send().await().statusCode());

    // Two hours on, the first access token has expired.
    String again = api.signIn("ingrid", "password-of-ingrid").accessToken();
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/me", again, new JsonObject().put("password", "password-of-ingrid"))
        .statusCode());
    assertEquals(0L, torg.torg().services().pool().query("SELECT count(*) FROM actor_profile p JOIN account a ON a.actor_id = p.actor_id"
        + " WHERE a.username = 'ingrid'").execute().await().iterator().next().getLong(0), "fields erased with the account");
    Eventually.holds("the avatar is swept once the account is closed", Duration.ofSeconds(15), () -> rows("true") == 0);
  }
}
