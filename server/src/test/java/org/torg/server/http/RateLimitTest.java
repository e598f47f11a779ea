package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/**
 * Brute force gets 429 with Retry-After: password guessing against one account from many
 * addresses, guessing from one address against many accounts, and registration floods.
 * Addresses come through X-Forwarded-For (the instance is configured as behind a proxy).
 */
class RateLimitTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_HTTP_BEHIND_PROXY", "true"));
    api = torg.api(vertx);
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static void assertTooMany(HttpResponse<Buffer> r) {
    assertEquals(429, r.statusCode(), r.bodyAsString());
    assertEquals("too_many_requests", r.bodyAsJsonObject().getString("error"));
    long retryAfter = Long.parseLong(r.getHeader("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
  }

  @Test
  void guessingOneAccountsPasswordFromManyAddressesBacksOff() {
    api.newCitizen("target");
    for (int i = 1; i <= 6; i++) {
      assertEquals(401, api.from("198.51.100." + i).signInResponse("target", "guess " + i).statusCode(), "guess " + i);
    }
    // Six failures: the account now waits, whatever the address, even with the right password.
    assertTooMany(api.from("198.51.100.50").signInResponse("target", "password-of-target"));
    assertTooMany(api.from("198.51.100.51").signInResponse("target", "guess 7"));
  }

  @Test
  void guessingManyAccountsFromOneAddressBacksOff() {
    ApiClient guesser = api.from("203.0.113.66");
    for (int i = 1; i <= 21; i++) {
      assertEquals(401, guesser.signInResponse("someone" + i, "guess").statusCode(), "attempt " + i);
    }
    assertTooMany(guesser.signInResponse("someone", "guess"));
    api.newCitizen("bystander");
    assertEquals(200, api.from("203.0.113.67").signInResponse("bystander", "password-of-bystander").statusCode(),
        "other addresses are not affected");
  }

  @Test
  void registrationsFromOneAddressAreLimited() {
    ApiClient flood = api.from("203.0.113.99");
    for (int i = 1; i <= 5; i++) {
      assertEquals(201, flood.register("flood" + i, "a long passphrase").statusCode(), "registration " + i);
    }
    assertTooMany(flood.register("flood6", "a long passphrase"));
    assertEquals(201, api.from("203.0.113.100").register("flood6", "a long passphrase").statusCode(),
        "the refused registration stored nothing, and other addresses register");
  }
}
