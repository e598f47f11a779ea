package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.BrowserTorg;
import org.torg.server.support.Chromium;

/**
 * "The branch near me" in the browser, without JavaScript: from a hub's page a citizen types a
 * place without its accents and finds the branch; the directory passes axe and speaks Swedish and
 * Norwegian. Hub and branches are Groups of one server here (DirectoryAcrossInstancesTest covers
 * branches elsewhere), which also covers the same-server path: no activity, one row.
 */
class DirectoryPageBrowserTest {

  static final String ADDRESS = "127.0.0.123";

  static BrowserTorg server;

  @BeforeAll
  static void start() {
    server = BrowserTorg.start(ADDRESS);
    ApiClient api = server.api();
    String admin = api.newAdmin("chair").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "party").put("displayName", "The party"));
    branch(api, admin, "gbg", "Göteborg branch", "Göteborg");
    branch(api, admin, "north", "Northern branch", "Luleå");
    for (var request : api.get("/api/v1/groups/party/branches?state=pending", admin).bodyAsJsonObject().getJsonArray("branches")) {
      long id = ((JsonObject) request).getLong("id");
      assertEquals(200, api.post("/api/v1/groups/party/branches/" + id + "/approve", admin, null).statusCode());
    }
  }

  static void branch(ApiClient api, String admin, String name, String displayName, String place) {
    api.post("/api/v1/groups", admin, new JsonObject().put("name", name).put("displayName", displayName)
        .put("summary", "The party in " + place + "."));
    api.send(HttpMethod.PUT, "/api/v1/groups/" + name + "/members/chair", admin, new JsonObject().put("role", "moderator"));
    var asked = api.post("/api/v1/groups/" + name + "/hubs", admin, new JsonObject().put("hub", "!party@" + ADDRESS).put("place", place));
    assertEquals(201, asked.statusCode(), asked.bodyAsString());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static BrowserContext context(String locale) {
    return server.chromium().withoutScript(server.base(), locale);
  }

  @Test
  void aCitizenFindsTheBranchNearThemFromTheHubPageWithoutJavaScript() {
    try (BrowserContext context = context("en-GB")) {
      Page page = context.newPage();
      page.navigate("/groups/party");
      assertThat(page.locator("#branches-title")).hasText("Branches");
      page.getByLabel("Place or name").fill("goteborg");
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName("Find")).click();
      page.waitForURL("**/groups/party/branches?q=goteborg");
      assertThat(page.locator("#branches-title")).hasText("Branches matching “goteborg”");
      var items = page.locator("ul.branches li");
      assertThat(items).hasCount(1);
      assertThat(items.first().locator("a")).hasText("Göteborg branch");
      assertThat(items.first()).containsText("Göteborg · on " + ADDRESS);
      Chromium.screenshot(page, "branch-near-me");

      page.navigate("/groups/party/branches");
      assertThat(page.locator("ul.branches li")).hasCount(2);
      page.navigate("/groups/party/branches?q=Malm%C3%B6");
      assertThat(page.locator("ul.branches li")).hasCount(0);
      assertThat(page.locator("main")).containsText("No branch matches “Malmö”.");
    }
    try (BrowserContext context = server.chromium().browser().newContext(new Browser.NewContextOptions().setBaseURL(server.base()))) {
      Page page = context.newPage();
      page.navigate("/groups/party/branches?q=lulea");
      assertThat(page.locator("ul.branches li")).hasCount(1);
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.navigate("/groups/party");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
    }
  }

  @Test
  void theDirectorySpeaksSwedishAndNorwegian() {
    for (var expected : List.of(List.of("sv-SE", "Avdelningar i The party", "Ort eller namn"),
        List.of("nb-NO", "Avdelinger i The party", "Sted eller navn"))) {
      try (BrowserContext context = context(expected.get(0))) {
        Page page = context.newPage();
        page.navigate("/groups/party/branches");
        assertThat(page.locator("h1")).hasText(expected.get(1));
        assertThat(page.getByLabel(expected.get(2))).hasCount(1);
      }
    }
  }

  @Test
  void aGroupThatIsNoHubShowsNoBranchSearch() {
    try (BrowserContext context = context("en-GB")) {
      Page page = context.newPage();
      page.navigate("/groups/gbg");
      assertEquals(0, page.locator("#branches-title").count());
    }
  }
}
