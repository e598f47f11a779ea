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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.processing.posts.LocalPosts;
import org.torg.server.support.ApiClient;
import org.torg.server.support.BranchDirectory;
import org.torg.server.support.Chromium;
import org.torg.server.support.RunningTorg;

/**
 * A party-wide consultation's pages in the browser, without JavaScript and in three languages: the
 * branch's page lists it with a link to take part through the branch, and the hub's report counts
 * per branch; axe finds nothing serious. The hub and its branch are on one server here, and the
 * branch's entry is written as a branch's server writes it (PartyConsultationsAcrossInstancesTest
 * covers how it gets there across servers).
 */
class PartyConsultationPagesBrowserTest {

  static final String ADDRESS = "127.0.0.138";
  static final String BASE = "http://" + ADDRESS;

  static Chromium chromium;
  static Vertx vertx;
  static RunningTorg torg;
  static long threadId;
  static long entryId;

  @BeforeAll
  static void start() {
    chromium = Chromium.launch();
    vertx = Vertx.vertx();
    torg = RunningTorg.onLoopbackAddress(ADDRESS);
    ApiClient api = torg.api(vertx);
    String admin = api.newAdmin("chair").accessToken();
    String citizen = api.newCitizen("ada").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "party").put("displayName", "The party"));
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "riverside").put("displayName", "Riverside branch"));
    // Riverside is the party's branch, in its directory (both Groups on this one server).
    BranchDirectory.join(new BranchDirectory.Side(torg, api, admin, "riverside"), new BranchDirectory.Side(torg, api, admin, "party"),
        "Riverside");
    var s = torg.torg().services();
    var hub = s.actors().findLocalByUsername("party").await().orElseThrow();
    var branch = s.actors().findLocalByUsername("riverside").await().orElseThrow();
    JsonObject opened = api.post("/api/v1/groups/party/consultations", admin, new JsonObject().put("title", "Climate plan")
        .put("content", "What should the plan say?").put("inputClosesAt", Instant.now().plus(Duration.ofDays(7)).toString())
        .put("partyWide", true)).bodyAsJsonObject();
    threadId = Long.parseLong(opened.getString("id"));
    var root = s.posts().posts().findByUri(opened.getJsonObject("root").getString("uri")).await().orElseThrow();
    var entries = s.posts().party().entries();
    entryId = s.posts().localPosts().replyAsGroup(branch, root, "Riverside takes part.", new LocalPosts.ReplyExtras(List.of(),
        (tx, postId) -> entries.claim(tx, branch.id(), threadId, hub.id())
            .compose(claimed -> entries.setEntry(tx, branch.id(), threadId, postId)))).await().id();
    api.post("/api/v1/posts/" + entryId + "/replies", citizen, new JsonObject().put("content", "Trams first."));
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
    BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE)
        .setLocale(locale).setJavaScriptEnabled(false));
    context.setDefaultTimeout(15_000);
    return context;
  }

  @Test
  void theBranchListsItsHubsConsultationAndTheReportCountsPerBranchInThreeLanguages() {
    for (var expected : List.of(
        List.of("en-GB", "Party-wide consultations", "Take part through this branch", "Participation by branch", "Directly at the hub"),
        List.of("sv-SE", "Partigemensamma samråd", "Delta genom den här avdelningen", "Deltagande per avdelning", "Direkt hos navet"),
        List.of("nb-NO", "Partiomfattende høringer", "Delta gjennom denne avdelingen", "Deltakelse per avdeling",
            "Direkte hos knutepunktet"))) {
      try (BrowserContext context = context(expected.get(0))) {
        Page page = context.newPage();
        page.navigate("/groups/riverside");
        assertThat(page.locator("#party-consultations-title")).hasText(expected.get(1));
        var item = page.locator("section[aria-labelledby=party-consultations-title] li").first();
        assertThat(item.locator("a").first()).hasText("Climate plan");
        assertThat(item.getByText(expected.get(2))).hasAttribute("href", "/posts/" + entryId);
        page.navigate("/threads/" + threadId + "/report");
        assertThat(page.locator("h2", new Page.LocatorOptions().setHasText(expected.get(3)))).hasCount(1);
        var rows = page.locator("table.branches tbody tr");
        assertThat(rows.first().locator("th")).containsText("riverside (" + ADDRESS + ")");
        assertThat(rows.first().locator("td").first()).hasText("1");
        assertThat(rows.last().locator("th")).hasText(expected.get(4));
        assertThat(rows.last().locator("td").first()).hasText("0");
      }
    }
  }

  @Test
  void bothPagesPassAxe() {
    try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE))) {
      Page page = context.newPage();
      page.navigate("/groups/riverside");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.navigate("/threads/" + threadId + "/report");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      Chromium.screenshot(page, "party-consultation-report");
    }
  }
}
