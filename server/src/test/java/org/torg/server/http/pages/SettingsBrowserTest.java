package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.BrowserTorg;
import org.torg.server.support.Chromium;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.TestMedia;
import org.torg.server.support.Totp;

/**
 * /settings and /settings/security in Chromium, the profile form with JavaScript turned off (the
 * forms post to the pages themselves): a profile with fields, an avatar and a page language; two-factor sign-in
 * turned on with a code computed from the secret the page shows, and the recovery codes shown once.
 * axe is clean on each page, and a form post without the session's token is refused.
 */
class SettingsBrowserTest {

  static final String ADDRESS = "127.0.0.175";
  static final String BASE = "http://" + ADDRESS;

  static BrowserTorg browser;
  static Chromium chromium;
  static MutableClock clock;
  static ApiClient api;

  @BeforeAll
  static void start() {
    clock = new MutableClock(Instant.now());
    browser = BrowserTorg.start(ADDRESS, () -> RunningTorg.start(Map.of("TORG_PUBLIC_URL", BASE, "TORG_HTTP_HOST", ADDRESS, "TORG_HTTP_PORT", "80",
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"), clock));
    chromium = browser.chromium();
    api = browser.api();
    api.newCitizen("greta");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  /**
   * A browser signed in as {@code username} with the session cookies the API hands out; with
   * {@code script} false, JavaScript is off (axe needs it, so those pages are checked with it on).
   */
  private static BrowserContext signedIn(String username, boolean script) {
    BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE).setLocale("en-GB")
        .setJavaScriptEnabled(script));
    var r = api.post("/api/v1/sessions", null, new JsonObject().put("username", username)
        .put("password", "password-of-" + username).put("cookie", true));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    List<com.microsoft.playwright.options.Cookie> cookies = new java.util.ArrayList<>();
    for (String c : r.cookies()) {
      String pair = c.substring(0, c.indexOf(';'));
      cookies.add(new com.microsoft.playwright.options.Cookie(pair.substring(0, pair.indexOf('=')),
          pair.substring(pair.indexOf('=') + 1)).setUrl(BASE + "/"));
    }
    context.addCookies(cookies);
    return context;
  }

  @Test
  void theProfileFormWorksWithoutJavaScript() {
    try (BrowserContext context = signedIn("greta", false)) {
      Page page = context.newPage();
      page.navigate("/");
      page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
          new Page.GetByRoleOptions().setName("Settings").setExact(true)).click();
      page.waitForURL(BASE + "/settings");
      page.getByLabel("Display name").fill("Greta G");
      page.getByLabel("Bio").fill("Cycling and night buses.");
      page.getByLabel("Name 1").fill("Website");
      page.getByLabel("Value 1").fill("https://greta.example");
      page.getByLabel("Language of your posts").selectOption("sv");
      page.getByLabel("New avatar").setInputFiles(new FilePayload("me.png", "image/png",
          TestMedia.image("png", 80, 80, Color.ORANGE)));
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save profile")).click();
      assertThat(page.locator(".form-status")).containsText("Your profile is saved");
      assertThat(page.getByLabel("Display name")).hasValue("Greta G");
      assertThat(page.locator("img.avatar")).isVisible();

      // Too long a value (the browser's maxlength taken away): the reason is shown, and nothing changes.
      page.getByLabel("Display name").fill("Someone else");
      page.locator("#settings-field-value-0").evaluate("e => e.removeAttribute('maxlength')");
      page.getByLabel("Value 1").fill("x".repeat(300));
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save profile")).click();
      assertThat(page.locator(".form-error")).containsText("Not saved");
    }
    JsonObject me = api.get("/api/v1/me", api.signIn("greta", "password-of-greta").accessToken()).bodyAsJsonObject();
    assertEquals("Greta G", me.getString("displayName"));
    assertEquals("sv", me.getString("defaultLanguage"));
    assertEquals("https://greta.example", me.getJsonArray("fields").getJsonObject(0).getString("value"));
    assertTrue(me.getString("avatarUrl").startsWith(BASE + "/media/"), me.encode());

    try (BrowserContext context = signedIn("greta", true)) {
      Page page = context.newPage();
      page.navigate("/settings");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.navigate("/users/greta");
      assertThat(page.locator(".profile-fields a[rel='me nofollow noopener']")).hasText("greta.example");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      Chromium.screenshot(page, "profile-with-fields");

      // The page language: chosen in the settings, the pages follow it.
      page.navigate("/settings");
      page.getByLabel("Language of the pages").selectOption("sv");
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save profile")).click();
      assertThat(page.locator("h1")).hasText("Inställningar");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
    }
  }

  @Test
  void twoFactorIsTurnedOnWithACodeAndTheRecoveryCodesAreShownOnce() {
    api.newCitizen("hugo");
    // The forms post without script; with it on, axe can check each page as it is shown.
    try (BrowserContext context = signedIn("hugo", true)) {
      Page page = context.newPage();
      page.navigate("/settings/security");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName("Turn on two-factor sign-in")).click();
      String secret = page.getByLabel("Secret").inputValue();
      assertTrue(page.getByLabel("otpauth address").inputValue().startsWith("otpauth://totp/"));
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.getByLabel("Code from the app").fill("000000".equals(Totp.code(new Base32().decode(secret), clock.instant()))
          ? "111111" : "000000");
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm and turn on")).click();
      assertThat(page.locator(".form-error")).containsText("Not saved");

      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName("Turn on two-factor sign-in")).click();
      secret = page.getByLabel("Secret").inputValue();
      page.getByLabel("Code from the app").fill(Totp.code(new Base32().decode(secret), clock.instant()));
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm and turn on")).click();
      assertThat(page.locator(".recovery-codes li")).hasCount(10);
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      Chromium.screenshot(page, "two-factor-recovery-codes");
      assertEquals(401, api.signInResponse("hugo", "password-of-hugo").statusCode(), "a sign-in now needs the code");

      page.navigate("/settings/security");
      assertThat(page.locator(".recovery-codes")).hasCount(0);
      assertThat(page.locator("section[aria-labelledby=two-factor-title]")).containsText("Two-factor sign-in is on.");

      // Turned off with a code of the next step.
      clock.advance(Duration.ofSeconds(30));
      page.getByLabel("A code from the app, or a recovery code").fill(Totp.code(new Base32().decode(secret), clock.instant()));
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName("Turn off two-factor sign-in")).click();
      assertThat(page.locator(".form-status")).containsText("Two-factor sign-in is off.");
    }
  }

  @Test
  void aFormPostWithoutTheSessionTokenIsRefused() {
    var session = api.post("/api/v1/sessions", null, new JsonObject().put("username", "greta")
        .put("password", "password-of-greta").put("cookie", true));
    StringBuilder cookie = new StringBuilder();
    for (String c : session.cookies()) {
      cookie.append(cookie.length() == 0 ? "" : "; ").append(c, 0, c.indexOf(';'));
    }
    var forged = api.request(io.vertx.core.http.HttpMethod.POST, "/settings/2fa").putHeader("Cookie", cookie.toString())
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(io.vertx.core.buffer.Buffer.buffer("csrf=guess"))
        .await();
    assertEquals(403, forged.statusCode());
    var otherOrigin = api.request(io.vertx.core.http.HttpMethod.POST, "/settings/2fa").putHeader("Cookie", cookie.toString()).putHeader("Origin", "http://evil.test")
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(io.vertx.core.buffer.Buffer.buffer("csrf=x"))
        .await();
    assertEquals(403, otherOrigin.statusCode());
  }
}
