package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.Totp;

/**
 * Two-factor sign-in over the API, on a Torg that requires it of staff and whose clock the test
 * moves: set up, confirm, then a password alone is not enough; a code works once; recovery codes
 * work once; staff without it act as citizens. Codes are computed here from RFC 6238 directly,
 * not by the library the server uses.
 */
class TwoFactorTest {

  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static ApiClient api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_ACCOUNTS_REQUIRE_2FA_FOR_STAFF", "true"), clock);
    api = torg.api(vertx);
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  static String totp(byte[] secret, Instant at) {
    return Totp.code(secret, at);
  }

  @Test
  void theTestsOwnCodesMatchRfc6238() {
    // RFC 6238, appendix B: SHA1, T = 59 s gives 94287082 with 8 digits, so 287082 with 6.
    assertEquals("287082", totp("12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Instant.ofEpochSecond(59)));
  }

  private static HttpResponse<Buffer> signIn(String user, String otp) {
    JsonObject body = new JsonObject().put("username", user).put("password", "password-of-" + user);
    if (otp != null) {
      body.put("otp", otp);
    }
    return api.post("/api/v1/sessions", null, body);
  }

  private static byte[] setUp(String token) {
    HttpResponse<Buffer> begun = api.post("/api/v1/me/2fa", token, null);
    assertEquals(201, begun.statusCode(), begun.bodyAsString());
    String secret = begun.bodyAsJsonObject().getString("secret");
    String uri = begun.bodyAsJsonObject().getString("uri");
    assertTrue(uri.startsWith("otpauth://totp/") && uri.contains("secret=" + secret) && uri.contains("digits=6&period=30"), uri);
    return new Base32().decode(secret);
  }

  private static JsonArray confirm(String token, byte[] secret) {
    HttpResponse<Buffer> confirmed = api.post("/api/v1/me/2fa/confirm", token, new JsonObject().put("code", totp(secret, clock.instant())));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    return confirmed.bodyAsJsonObject().getJsonArray("recoveryCodes");
  }

  private static String error(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("error");
  }

  @Test
  void aPasswordAloneIsNotEnoughOnceItIsOnAndEachCodeWorksOnce() {
    String token = api.newCitizen("ada").accessToken();
    assertFalse(api.get("/api/v1/me/2fa", token).bodyAsJsonObject().getBoolean("enabled"));
    byte[] secret = setUp(token);
    assertEquals(200, signIn("ada", null).statusCode(), "set up but not confirmed: not asked for yet");
    HttpResponse<Buffer> wrong = api.post("/api/v1/me/2fa/confirm", token, new JsonObject().put("code", "000000"));
    assertEquals(422, wrong.statusCode());
    assertEquals("invalid_otp", error(wrong));
    assertEquals(422, api.post("/api/v1/me/2fa/confirm", token, new JsonObject()).statusCode(), "no code");
    JsonArray codes = confirm(token, secret);
    assertEquals(10, codes.size());
    assertEquals(10, codes.stream().distinct().count());
    long accountId = torg.torg().services().accounts().accounts().findByUsername("ada").await().orElseThrow().id();
    byte[] stored = torg.torg().services().pool().preparedQuery("SELECT secret FROM account_totp WHERE account_id = $1")
        .execute(Tuple.of(accountId)).await().iterator().next().getBuffer(0).getBytes();
    assertNotEquals(new String(secret, java.nio.charset.StandardCharsets.ISO_8859_1),
        new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1), "sealed, not stored as is");
    assertEquals(409, api.post("/api/v1/me/2fa", token, null).statusCode(), "on already");

    HttpResponse<Buffer> none = signIn("ada", null);
    assertEquals(401, none.statusCode());
    assertEquals("otp_required", error(none));
    assertEquals("invalid_otp", error(signIn("ada", "123456")));
    assertEquals(401, signIn("ada", totp(secret, clock.instant())).statusCode(), "the code that confirmed is spent");
    clock.advance(Duration.ofSeconds(30));
    String next = totp(secret, clock.instant());
    assertEquals(200, signIn("ada", next).statusCode());
    assertEquals(401, signIn("ada", next).statusCode(), "a code works once");
    clock.advance(Duration.ofSeconds(30));
    assertEquals(401, signIn("ada", totp(secret, clock.instant().minusSeconds(30 * 2))).statusCode(),
        "a code two steps old is not accepted");
    String recovery = codes.getString(3);
    assertEquals(200, signIn("ada", recovery.toUpperCase()).statusCode(), "a recovery code, in any case");
    assertEquals(401, signIn("ada", recovery).statusCode(), "once");
    assertEquals(9L, api.get("/api/v1/me/2fa", token).bodyAsJsonObject().getLong("recoveryCodesLeft"));

    assertEquals(422, api.post("/api/v1/me/2fa/disable", token, new JsonObject().put("code", "999999")).statusCode());
    clock.advance(Duration.ofSeconds(30));
    assertEquals(204, api.post("/api/v1/me/2fa/disable", token, new JsonObject().put("code", totp(secret, clock.instant())))
        .statusCode());
    assertEquals(200, signIn("ada", null).statusCode(), "off again");
  }

  @Test
  void staffWithoutItActAsCitizensUntilTheyTurnItOn() {
    String token = api.newAdmin("chief").accessToken();
    assertTrue(api.get("/api/v1/me", token).bodyAsJsonObject().getBoolean("twoFactorRequired"));
    assertTrue(api.get("/api/v1/me/2fa", token).bodyAsJsonObject().getBoolean("required"));
    assertEquals(403, api.get("/api/v1/admin/reports", token).statusCode(), "no admin work without it");
    byte[] secret = setUp(token);
    confirm(token, secret);
    clock.advance(Duration.ofSeconds(30));
    HttpResponse<Buffer> signedIn = signIn("chief", totp(secret, clock.instant()));
    assertEquals(200, signedIn.statusCode(), signedIn.bodyAsString());
    String strong = signedIn.bodyAsJsonObject().getString("accessToken");
    assertFalse(api.get("/api/v1/me", strong).bodyAsJsonObject().getBoolean("twoFactorRequired"));
    assertEquals(200, api.get("/api/v1/admin/reports", strong).statusCode());
    clock.advance(Duration.ofSeconds(30));
    HttpResponse<Buffer> off = api.post("/api/v1/me/2fa/disable", strong, new JsonObject().put("code", totp(secret, clock.instant())));
    assertEquals(409, off.statusCode());
    assertEquals("two_factor_required", error(off));
  }
}
