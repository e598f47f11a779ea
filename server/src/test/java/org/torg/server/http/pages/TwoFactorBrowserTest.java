package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Chromium;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.Totp;

/**
 * Signing in with two-factor sign-in through the page: the password alone gets asked for the
 * code, the code signs in; axe is clean. The server's clock is the test's, so the code the test
 * computes is the server's current one.
 */
class TwoFactorBrowserTest {

  static final String ADDRESS = "127.0.0.150";
  static final String BASE = "http://" + ADDRESS;

  static Chromium chromium;
  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static byte[] secret;

  @BeforeAll
  static void start() {
    chromium = Chromium.launch();
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", BASE, "TORG_HTTP_HOST", ADDRESS, "TORG_HTTP_PORT", "80",
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"), clock);
    ApiClient api = torg.api(vertx);
    String token = api.newCitizen("ada").accessToken();
    secret = new Base32().decode(api.post("/api/v1/me/2fa", token, null).bodyAsJsonObject().getString("secret"));
    assertEquals(200, api.post("/api/v1/me/2fa/confirm", token, new JsonObject().put("code", Totp.code(secret,
        clock.instant()))).statusCode());
    clock.advance(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (torg != null) {
      torg.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void thePasswordAloneAsksForTheCodeAndTheCodeSignsIn() {
    try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE).setLocale("en-GB"))) {
      Page page = context.newPage();
      page.navigate("/signin");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.getByLabel("Username").fill("ada");
      page.getByLabel("Password").fill("password-of-ada");
      page.locator("form[data-form=signin] button[type=submit]").click();
      assertThat(page.locator("form[data-form=signin] .form-error")).containsText("two-factor");
      assertThat(page.locator("#signin-otp")).isFocused();
      page.getByLabel("Code from your authenticator app").fill(Totp.code(secret, clock.instant()));
      page.locator("form[data-form=signin] button[type=submit]").click();
      page.waitForURL(BASE + "/");
      assertThat(page.locator("header.site")).containsText("Signed in as ada");
      Chromium.screenshot(page, "signed-in-with-two-factor");
    }
  }
}
