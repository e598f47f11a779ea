package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Chromium;
import org.torg.server.support.BranchDirectory;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;

/**
 * A candidate selection on one server, in the browser: a hub "party" whose branch "riverside" is
 * on the same server. Its page lists the candidates with their statements and says who may vote,
 * without JavaScript, in English, Swedish and Norwegian; the report shows counted and refused
 * votes; axe finds nothing serious. A local member's vote counts from the branch's roll, with no
 * statement to fetch; a local non-member's is refused with its reason.
 */
class CandidateSelectionBrowserTest {

  static final String ADDRESS = "127.0.0.128";
  static final String BASE = "http://" + ADDRESS;

  static Chromium chromium;
  static Vertx vertx;
  static RunningTorg torg;
  static String threadId;

  @BeforeAll
  static void start() {
    chromium = Chromium.launch();
    vertx = Vertx.vertx();
    torg = RunningTorg.onLoopbackAddress(ADDRESS);
    ApiClient api = torg.api(vertx);
    String chair = api.newAdmin("chair").accessToken();
    String ann = api.newCitizen("ann").accessToken();
    String bo = api.newCitizen("bo").accessToken();
    api.post("/api/v1/groups", chair, new JsonObject().put("name", "party").put("displayName", "The party"));
    api.post("/api/v1/groups", chair, new JsonObject().put("name", "riverside").put("displayName", "Riverside branch"));
    api.send(HttpMethod.PUT, "/api/v1/groups/party/members/chair", chair, new JsonObject().put("role", "moderator"));
    api.send(HttpMethod.PUT, "/api/v1/groups/riverside/members/chair", chair, new JsonObject().put("role", "moderator"));
    api.send(HttpMethod.PUT, "/api/v1/groups/riverside/members/ann", chair, new JsonObject().put("role", "member"));
    BranchDirectory.join(new BranchDirectory.Side(torg, api, chair, "riverside"), new BranchDirectory.Side(torg, api, chair, "party"),
        "Riverside");
    var services = torg.torg().services();
    long party = services.actors().findLocalByUsername("party").await().orElseThrow().id();
    Eventually.holds("riverside is a branch of party", Duration.ofSeconds(30),
        () -> services.hubBranches().isBranch(party, BASE + "/groups/riverside").await());
    JsonObject thread = api.post("/api/v1/groups/party/consultations", chair, new JsonObject()
        .put("title", "Our candidate for mayor").put("content", "Who should stand for the party?")
        .put("inputClosesAt", Instant.now().plus(Duration.ofDays(3)).toString()).put("kind", "candidate-selection")
        .put("poll", new JsonObject().put("candidates", new JsonArray()
            .add(new JsonObject().put("name", "Alva Berg").put("statement", "Buses every ten minutes, and cheaper rents."))
            .add(new JsonObject().put("name", "Omar Lind").put("statement", "A library in every district."))))).bodyAsJsonObject();
    threadId = thread.getString("id");
    assertEquals(204, api.post("/api/v1/threads/" + threadId + "/votes", ann,
        new JsonObject().put("choices", new JsonArray().add(1))).statusCode());
    var refused = api.post("/api/v1/threads/" + threadId + "/votes", bo, new JsonObject().put("choices", new JsonArray().add(0)));
    assertEquals(403, refused.statusCode(), refused.bodyAsString());
    assertEquals("not_a_member", refused.bodyAsJsonObject().getString("error"));
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
  void theCandidatesAndTheirStatementsReadWithoutJavaScriptAndPassAxe() {
    try (BrowserContext context = context("en-GB")) {
      Page page = context.newPage();
      page.navigate("/threads/" + threadId);
      assertThat(page.locator("dl.candidates dt").first()).hasText("Alva Berg");
      assertThat(page.locator("dl.candidates dd").first()).hasText("Buses every ten minutes, and cheaper rents.");
      assertThat(page.locator("p.eligibility")).containsText("Members only");
      assertThat(page.locator("table.poll tbody tr").nth(1)).containsText("Omar Lind");
      assertThat(page.locator("table.poll tbody tr").nth(1).locator("td").first()).hasText("1");
      Chromium.screenshot(page, "candidate-selection");
      page.navigate("/threads/" + threadId + "/report");
      assertThat(page.locator("table.refused caption")).hasText("Counted votes: 1 · Refused votes: 1");
      assertThat(page.locator("table.refused tbody tr").first()).containsText("Not a member of any branch of the hub");
      assertThat(page.locator("table.voter-branches tbody tr").first()).containsText(BASE + "/groups/riverside");
    }
    try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE))) {
      Page page = context.newPage();
      page.navigate("/threads/" + threadId);
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
      page.navigate("/threads/" + threadId + "/report");
      assertEquals(List.of(), Chromium.seriousAxeViolations(page));
    }
  }

  @Test
  void itSpeaksSwedishAndNorwegian() {
    for (var expected : List.of(List.of("sv-SE", "Kandidater", "Bara medlemmar", "Avvisade röster: 1"),
        List.of("nb-NO", "Kandidater", "Bare medlemmer", "Avviste stemmer: 1"))) {
      try (BrowserContext context = context(expected.get(0))) {
        Page page = context.newPage();
        page.navigate("/threads/" + threadId);
        assertThat(page.locator("section.consultation h4").first()).hasText(expected.get(1));
        assertThat(page.locator("p.eligibility")).containsText(expected.get(2));
        page.navigate("/threads/" + threadId + "/report");
        assertThat(page.locator("table.refused caption")).containsText(expected.get(3));
      }
    }
  }
}
