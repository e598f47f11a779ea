package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.BrowserTorg;
import org.torg.server.support.Chromium;
import org.torg.server.support.Eventually;
import org.torg.server.support.Instances;

/**
 * The settings pages for export, import and moving, in a browser: axe-clean in English, Swedish and
 * Norwegian; a CSV chosen in the import form is imported (the page then shows the result); an alias
 * added in the move page is listed; the downloads are plain links that work without JavaScript.
 */
class MoveSettingsBrowserTest {

  static final String ADDRESS = "127.0.0.186";
  static final String BASE = "http://" + ADDRESS;
  static BrowserTorg browser;
  static Chromium chromium;

  @BeforeAll
  static void start() {
    browser = BrowserTorg.start(ADDRESS);
    chromium = browser.chromium();
    ApiClient api = browser.api();
    api.newCitizen("ada");
    api.newCitizen("bo");
    api.newCitizen("cy");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  private static void signIn(Page page) {
    page.navigate("/signin");
    page.locator("form[data-form=signin] input[name=username]").fill("ada");
    page.locator("form[data-form=signin] input[name=password]").fill("password-of-ada");
    page.locator("form[data-form=signin] button[type=submit]").click();
    page.waitForURL(BASE + "/");
  }

  @Test
  void importingAFileAndAddingAnAliasThroughThePages() {
    for (String locale : List.of("en-GB", "sv-SE", "nb-NO")) {
      try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE).setLocale(locale))) {
        Page page = context.newPage();
        signIn(page);
        page.navigate("/settings/export");
        assertEquals(List.of(), Chromium.seriousAxeViolations(page), locale + " export");
        page.navigate("/settings/move");
        assertEquals(List.of(), Chromium.seriousAxeViolations(page), locale + " move");
      }
    }
    try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE).setLocale("en-GB"))) {
      Page page = context.newPage();
      signIn(page);
      page.navigate("/settings/export");
      page.locator("#import-file").setInputFiles(new FilePayload("following_accounts.csv", "text/csv",
          ("Account address,Show boosts,Notify on new posts,Languages\nbo@" + ADDRESS + ",true,false,\n").getBytes(StandardCharsets.UTF_8)));
      page.locator("form[data-form=import] button[type=submit]").click();
      assertThat(page.locator("form[data-form=import] .form-status")).containsText("Import started: 1");
      Eventually.holds("ada follows bo", Duration.ofSeconds(30),
          () -> Instances.follows(browser.torg(), BASE + "/users/ada", BASE + "/users/bo"));
      Eventually.holds("the page shows the finished import", Duration.ofSeconds(30), () -> {
        page.navigate("/settings/export");
        String text = page.locator("ul.imports").textContent().replaceAll("\\s+", " ");
        return text.contains("Accounts to follow: 1 of 1 done, 0 failed (finished,");
      });
      assertEquals(List.of(), Chromium.seriousAxeViolations(page), "with an import listed");
      Chromium.screenshot(page, "settings-export");

      page.navigate("/settings/move");
      page.getByLabel("Account address or URL").fill("@cy@" + ADDRESS);
      page.locator("form[data-form=alias] button[type=submit]").click();
      assertThat(page.locator("ul.aliases")).containsText(BASE + "/users/cy");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page), "with an alias listed");
      Chromium.screenshot(page, "settings-move");
    }
    try (BrowserContext context = chromium.withoutJavaScript(BASE, "en-GB")) {
      Page page = context.newPage();
      page.navigate("/settings/export");
      assertTrue(page.url().contains("/signin"), "signed out: sent to sign in, " + page.url());
    }
  }
}
