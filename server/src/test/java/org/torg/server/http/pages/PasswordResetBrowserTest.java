package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.BrowserTorg;
import org.torg.server.support.Chromium;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.Totp;

/**
 * The whole password reset in a real Chromium, with JavaScript off (the pages are plain forms):
 * ask on the page, follow the link GreenMail received, set a new password, then sign in with it
 * and a TOTP code (the account has two-factor sign-in on). axe is clean on every page.
 */
class PasswordResetBrowserTest {

  static final String SMTP_ADDRESS = "127.0.0.173";
  static final String ADDRESS = "127.0.0.174";
  static final String BASE = "http://" + ADDRESS;

  static GreenMail smtp;
  static BrowserTorg browser;
  static Chromium chromium;
  static MutableClock clock;
  static byte[] secret;

  @BeforeAll
  static void start() {
    smtp = new GreenMail(new ServerSetup(3025, SMTP_ADDRESS, ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    clock = new MutableClock(Instant.now());
    browser = BrowserTorg.start(ADDRESS, () -> RunningTorg.start(Map.of("TORG_PUBLIC_URL", BASE, "TORG_HTTP_HOST", ADDRESS, "TORG_HTTP_PORT", "80",
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true", "TORG_MAIL_HOST", SMTP_ADDRESS, "TORG_MAIL_PORT", "3025",
        "TORG_MAIL_SECURITY", "none", "TORG_MAIL_FROM", "torg@mail.example"), clock));
    chromium = browser.chromium();
    ApiClient api = browser.api();
    String token = api.newCitizen("ada").accessToken();
    secret = new Base32().decode(api.post("/api/v1/me/2fa", token, null).bodyAsJsonObject().getString("secret"));
    assertEquals(200, api.post("/api/v1/me/2fa/confirm", token, new JsonObject().put("code", Totp.code(secret,
        clock.instant()))).statusCode());
    clock.advance(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void aResetThroughTheEmailedLinkThenSignInWithTheCode() throws Exception {
    // The reset pages are plain forms that no script handles (axe itself needs JavaScript on).
    try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE).setLocale("en-GB"))) {
      Page page = context.newPage();
      page.navigate("/signin");
      page.getByText("Forgot your password?").click();
      page.waitForURL(BASE + "/password-reset");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.getByLabel("Username or email address").fill("ada@example.org");
      page.locator("form[data-form=password-reset] button[type=submit]").click();
      assertThat(page.locator("main h1")).hasText("Check your email");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));

      assertTrue(smtp.waitForIncomingEmail(20_000, 1), "the reset email arrived");
      MimeMessage m = smtp.getReceivedMessages()[0];
      assertEquals("ada@example.org", m.getAllRecipients()[0].toString());
      assertTrue(m.getSubject().startsWith("Reset your password"), m.getSubject());
      Matcher link = Pattern.compile(Pattern.quote(BASE) + "/password-reset/new\\?token=[A-Za-z0-9_%-]+")
          .matcher((String) m.getContent());
      assertTrue(link.find(), "the email has the link");

      page.navigate(link.group());
      assertThat(page.locator("main h1")).hasText("Choose a new password");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.getByLabel("New password").fill("ada's brand new password");
      page.locator("form[data-form=password-reset-new] button[type=submit]").click();
      assertThat(page.locator("main h1")).hasText("Your password is changed");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));

      // The same link again: refused, and the page says why.
      page.navigate(link.group());
      assertThat(page.locator("main h1")).hasText("This link does not work any more");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      Chromium.screenshot(page, "password-reset-link-used");
    }

    try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE).setLocale("en-GB"))) {
      Page page = context.newPage();
      page.navigate("/signin");
      page.getByLabel("Username").fill("ada");
      page.getByLabel("Password").fill("ada's brand new password");
      page.getByLabel("Code from your authenticator app").fill(Totp.code(secret, clock.instant()));
      page.locator("form[data-form=signin] button[type=submit]").click();
      page.waitForURL(BASE + "/");
      assertThat(page.locator("header.site")).containsText("Signed in as ada");

      // The email settings page: using the reset link proved ada's address.
      page.navigate("/settings/email");
      assertThat(page.locator("main h1")).hasText("Email settings");
      assertThat(page.locator("main")).containsText("This address is verified.");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.navigate("/unsubscribe?token=made-up-token");
      assertThat(page.locator("main h1")).hasText("Stop notification emails");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.locator("main form button[type=submit]").click();
      assertThat(page.locator("main h1")).hasText("This is not an unsubscribe link");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
    }
  }

  @Test
  void askingWorksWithoutJavaScript() {
    Browser.NewContextOptions noScript = new Browser.NewContextOptions().setBaseURL(BASE).setLocale("sv-SE")
        .setJavaScriptEnabled(false);
    try (BrowserContext context = chromium.browser().newContext(noScript)) {
      Page page = context.newPage();
      page.navigate("/password-reset");
      assertThat(page.locator("main h1")).hasText("Återställ ditt lösenord");
      page.getByLabel("Användarnamn eller e-postadress").fill("nobody-here");
      page.locator("form[data-form=password-reset] button[type=submit]").click();
      assertThat(page.locator("main h1")).hasText("Titta i din e-post");
    }
  }
}
