package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Chromium;
import org.torg.server.support.RunningTorg;

/**
 * A hub's page in the browser: its branches' threads read without JavaScript, in Swedish for a
 * Swedish reader, and axe finds nothing serious. The hub's record of a branch thread is written
 * as re-sharing writes it (HubsAcrossInstancesTest covers how it gets there across servers).
 */
class HubPageBrowserTest {

  static final String ADDRESS = "127.0.0.103";
  static final String BASE = "http://" + ADDRESS;

  static Chromium chromium;
  static Vertx vertx;
  static RunningTorg torg;

  @BeforeAll
  static void start() {
    chromium = Chromium.launch();
    vertx = Vertx.vertx();
    torg = RunningTorg.onLoopbackAddress(ADDRESS);
    ApiClient api = torg.api(vertx);
    String admin = api.newAdmin("chair").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "party").put("displayName", "The party"));
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "riverside").put("displayName", "Riverside branch"));
    JsonObject thread = api.post("/api/v1/groups/riverside/threads", admin,
        new JsonObject().put("title", "Night buses on line 4").put("content", "Should line 4 run all night?")).bodyAsJsonObject();
    var s = torg.torg().services();
    long hub = s.actors().findLocalByUsername("party").await().orElseThrow().id();
    long branch = s.actors().findLocalByUsername("riverside").await().orElseThrow().id();
    String rootUri = thread.getJsonObject("root").getString("uri");
    long rootId = s.posts().posts().findByUri(rootUri).await().orElseThrow().id();
    s.posts().hubs().threads().remember(s.pool(), hub, branch, rootUri, rootId, true).await();
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

  private static BrowserContext context(String locale) {
    return chromium.withoutJavaScript(BASE, locale);
  }

  @Test
  void theHubPageListsItsBranchesThreadsWithoutJavaScriptAndPassesAxe() {
    try (BrowserContext context = context("en-GB")) {
      Page page = context.newPage();
      page.navigate("/groups/party");
      assertThat(page.locator("#branch-threads-title")).hasText("Threads from its branches");
      var item = page.locator("section[aria-labelledby=branch-threads-title] li").first();
      assertThat(item.locator("a").first()).hasText("Night buses on line 4");
      assertThat(item).containsText("riverside (" + ADDRESS + ")");
      Chromium.screenshot(page, "hub-page");
    }
    try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE))) {
      Page page = context.newPage();
      page.navigate("/groups/party");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
    }
  }

  @Test
  void theHubPageSpeaksSwedishAndNorwegian() {
    for (var expected : List.of(List.of("sv-SE", "Trådar från dess avdelningar", "från"), List.of("nb-NO", "Tråder fra avdelingene", "fra"))) {
      try (BrowserContext context = context(expected.get(0))) {
        Page page = context.newPage();
        page.navigate("/groups/party");
        assertThat(page.locator("#branch-threads-title")).hasText(expected.get(1));
        assertThat(page.locator("section[aria-labelledby=branch-threads-title] li").first()).containsText(expected.get(2) + " riverside");
      }
    }
  }

  @Test
  void aGroupThatIsNoHubShowsNoBranchSection() {
    try (BrowserContext context = context("en-GB")) {
      Page page = context.newPage();
      page.navigate("/groups/riverside");
      assertEquals(0, page.locator("#branch-threads-title").count());
    }
  }
}
