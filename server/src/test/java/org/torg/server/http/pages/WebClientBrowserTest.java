package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.torg.server.support.ApiClient;
import org.torg.server.support.ApiClient.Session;
import org.torg.server.support.Chromium;
import org.torg.server.support.RunningTorg;

/**
 * The web client in a real browser (Debian's Chromium through Playwright), against a real Torg
 * on its own loopback address: reading without JavaScript, the whole way from registering to
 * seeing one's reply, moderation, the Swedish UI, and axe-core's accessibility checks.
 * Screenshots land in server/target/screenshots.
 */
class WebClientBrowserTest {

  static final String ADDRESS = "127.0.0.40";
  static final String BASE = "http://" + ADDRESS;

  static Chromium chromium;
  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static Session admin;
  static String threadPath;
  static String rootId;
  static String replyId;

  BrowserContext context;

  @BeforeAll
  static void start() {
    chromium = Chromium.launch();
    vertx = Vertx.vertx();
    torg = RunningTorg.onLoopbackAddress(ADDRESS);
    api = torg.api(vertx);
    admin = api.newAdmin("chair");
    Session author = api.newCitizen("author");
    Session reader = api.newCitizen("reader");
    api.post("/api/v1/groups", admin.accessToken(), new JsonObject().put("name", "branch").put("displayName", "Riverside branch")
        .put("summary", "Our neighbourhood, our buses."));
    api.send(HttpMethod.PUT, "/api/v1/groups/branch/members/author", admin.accessToken(), new JsonObject().put("role", "member"));
    JsonObject thread = api.post("/api/v1/groups/branch/threads", author.accessToken(),
        new JsonObject().put("title", "Night buses on line 4").put("content", "Should line 4 run **all night** on Fridays?"))
        .bodyAsJsonObject();
    threadPath = "/threads/" + thread.getString("id");
    rootId = thread.getJsonObject("root").getString("id");
    replyId = api.post("/api/v1/posts/" + rootId + "/replies", reader.accessToken(),
        new JsonObject().put("content", "Yes, people work late shifts.")).bodyAsJsonObject().getString("id");
    api.post("/api/v1/posts/" + replyId + "/replies", author.accessToken(), new JsonObject().put("content", "Agreed, noted."));
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

  @AfterEach
  void closeContext() {
    if (context != null) {
      context.close();
    }
  }

  private Page open(Browser.NewContextOptions options) {
    context = chromium.browser().newContext(options.setBaseURL(BASE));
    context.setDefaultTimeout(15_000);
    Page page = context.newPage();
    List<String> errors = new ArrayList<>();
    page.onPageError(errors::add);
    page.onConsoleMessage(m -> {
      if (m.type().equals("error")) {
        errors.add(m.text());
      }
    });
    pageErrors = errors;
    return page;
  }

  List<String> pageErrors = new ArrayList<>();

  private Page open() {
    return open(new Browser.NewContextOptions().setLocale("en-GB"));
  }

  @Test
  void aThreadReadsWithJavaScriptDisabled(TestInfo test) {
    Page page = open(new Browser.NewContextOptions().setJavaScriptEnabled(false).setLocale("en-GB"));
    page.navigate(threadPath);
    assertThat(page.locator("h1")).hasText("Night buses on line 4");
    assertThat(page.locator("#post-" + rootId + " .content strong")).hasText("all night");
    Locator reply = page.locator("#post-" + rootId + " + ol.replies > li > #post-" + replyId);
    assertThat(reply).containsText("Yes, people work late shifts.");
    assertThat(reply.locator(".handle")).hasText("@reader@" + ADDRESS);
    assertThat(page.locator("ol.replies ol.replies")).containsText("Agreed, noted.");
    assertThat(page.locator("#reply-url")).hasValue(BASE + "/posts/" + rootId);
    assertThat(page.locator("button[data-action=copy]")).isHidden();
    Chromium.screenshot(page, "thread-without-javascript");
  }

  @Test
  void registerSignInOpenAThreadReplyAndSeeIt() {
    Page page = open();
    page.navigate("/register");
    page.getByLabel("Username").fill("newcomer");
    page.getByLabel("Email").fill("newcomer@example.org");
    page.getByLabel("Password").fill("a good long password");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Create account")).click();
    assertThat(page.locator("header.site")).containsText("Signed in as newcomer");
    Chromium.screenshot(page, "registered");

    // Sign out and in again, as a returning visitor would.
    page.locator("button[data-action=sign-out]").click();
    assertThat(page.locator("header.site")).containsText("Sign in");
    page.navigate("/signin?next=/groups/branch");
    page.getByLabel("Username").fill("newcomer");
    page.getByLabel("Password").fill("a good long password");
    page.locator("form[data-form=signin] button[type=submit]").click();
    page.waitForURL(BASE + "/groups/branch");
    assertThat(page.locator("header.site")).containsText("Signed in as newcomer");

    // Groups let their members open threads: the admin makes the newcomer one.
    HttpResponse<Buffer> member = api.send(HttpMethod.PUT, "/api/v1/groups/branch/members/newcomer", admin.accessToken(),
        new JsonObject().put("role", "member"));
    assertTrue(member.statusCode() / 100 == 2, member.statusCode() + " " + member.bodyAsString());
    page.getByText("Open a thread").click();
    page.getByLabel("Title").fill("Benches by the river");
    page.locator("#thread-content").fill("We need **more benches** near the bridge.");
    page.locator("button[data-action=preview]").click();
    assertThat(page.locator("#thread-content-preview strong")).hasText("more benches");
    Chromium.screenshot(page, "new-thread-preview");
    page.locator("form[data-form=new-thread] button[type=submit]").click();
    assertThat(page.locator("h1")).hasText("Benches by the river");
    assertTrue(page.url().startsWith(BASE + "/threads/"), page.url());

    page.locator("button[data-action=reply]").first().click();
    page.locator("#reply-text").fill("And a bin, please.");
    page.locator("form[data-form=reply] button[type=submit]").click();
    assertThat(page.locator("ol.replies .post .content")).containsText("And a bin, please.");
    assertThat(page.locator("ol.replies .post .handle").first()).hasText("@newcomer@" + ADDRESS);
    Chromium.screenshot(page, "replied");

    // Edit one's own reply, and like the thread's root.
    Locator reply = page.locator("ol.replies .post").first();
    reply.locator("button[data-action=edit]").click();
    assertThat(page.locator("#edit-text")).hasValue("And a bin, please.");
    page.locator("#edit-text").fill("And a bin, please. Two, even.");
    page.locator("form[data-form=edit] button[type=submit]").click();
    assertThat(page.locator("ol.replies .post .content").first()).containsText("Two, even.");
    assertThat(page.locator("ol.replies .post .edited").first()).containsText("edited");
    Locator like = page.locator("button[data-action=like]").first();
    like.click();
    assertThat(like).hasAttribute("aria-pressed", "true");
    page.reload();
    assertThat(page.locator(".post .counts .likes").first()).hasText("1 like");
    Chromium.screenshot(page, "edited-and-liked");

    // Someone else's reply: the page (kept for every signed-in reader) has its edit button too,
    // and the script shows it only to its author.
    String rootId = page.locator("article.post").first().getAttribute("id").substring("post-".length());
    assertEquals(201, api.post("/api/v1/posts/" + rootId + "/replies", admin.accessToken(),
        new JsonObject().put("content", "Benches are ordered.")).statusCode());
    page.reload();
    assertThat(page.locator(".post .content").last()).containsText("Benches are ordered.");
    assertThat(page.locator("button[data-action=edit]")).hasCount(3);
    assertThat(page.locator("button[data-action=edit]:visible")).hasCount(2);
    assertThat(page.locator("article.post").last().locator("button[data-action=delete]")).isHidden();
    assertEquals(List.of(), pageErrors, "no script errors");
  }

  @Test
  void searchingFromTheHeaderWorksWithoutJavaScript() {
    Page page = open(new Browser.NewContextOptions().setJavaScriptEnabled(false).setLocale("en-GB"));
    page.navigate("/groups/branch");
    page.locator("header.site input[name=q]").fill("night buses");
    page.locator("header.site form[role=search] button").click();
    page.waitForURL("**/search?q=night+buses");
    assertThat(page.locator("#results-title")).hasText("Results for “night buses”");
    Locator hit = page.locator("ol.search-results > li").first();
    assertThat(hit.locator("a")).hasText("Night buses on line 4");
    assertThat(hit.locator("mark").first()).hasText("night");
    page.locator("label:has-text('Posts')").click();
    page.locator("main form[role=search] input[name=q]").fill("late shifts");
    page.locator("main form[role=search] button").click();
    assertThat(page.locator("ol.search-results > li").first()).containsText("people work late shifts");
    assertThat(page.locator("ol.search-results mark").first()).hasText("late");
    Chromium.screenshot(page, "search-posts");
    hit = page.locator("ol.search-results > li a").first();
    hit.click();
    assertThat(page.locator("main")).containsText("Yes, people work late shifts.");
    page.navigate("/search?q=" + "x".repeat(201));
    assertThat(page.locator("#search-error")).isVisible();
  }

  @Test
  void aReplyMadeThroughTheApiAppearsOnAnOpenThreadPageWithoutReload() {
    Page page = open();
    page.navigate(threadPath);
    // The page's live stream is open (the script marks it), so what is posted now is sent to it.
    assertThat(page.locator(".thread[data-live=open]")).hasCount(1);
    Session late = api.newCitizen("latecomer");
    String id = api.post("/api/v1/posts/" + replyId + "/replies", late.accessToken(),
        new JsonObject().put("content", "What about **Saturdays**?")).bodyAsJsonObject().getString("id");
    Locator added = page.locator("#post-" + replyId + " + ol.replies > li > #post-" + id);
    assertThat(added).containsText("What about Saturdays?");
    assertThat(added.locator(".content strong")).hasText("Saturdays");
    assertThat(page.locator("[aria-live=polite].live-status")).hasText("New reply from latecomer");
    api.post("/api/v1/posts/" + id + "/like", admin.accessToken(), null);
    assertThat(added.locator(".counts .likes")).hasText("1 like");
    Chromium.screenshot(page, "live-reply");
    List<String> violations = Chromium.seriousAxeViolations(page);
    assertTrue(violations.isEmpty(), String.join("\n", violations));
    assertTrue(pageErrors.isEmpty(), String.join("\n", pageErrors));
  }

  @Test
  void theSwedishUi() {
    Page page = open(new Browser.NewContextOptions().setLocale("sv-SE"));
    page.navigate(threadPath);
    assertThat(page.locator("html")).hasAttribute("lang", "sv");
    assertThat(page.locator("#reply-help-title")).hasText("Svara från ditt eget fediversumkonto");
    assertThat(page.locator("header.site")).containsText("Logga in");
    assertThat(page.locator("#post-" + rootId + " .counts")).containsText("Inga gillanden");
    Chromium.screenshot(page, "thread-swedish");
    page.locator("a[hreflang=nb]").click();
    assertThat(page.locator("html")).hasAttribute("lang", "nb");
    assertThat(page.locator("header.site")).containsText("Logg inn");
    page.navigate("/");
    assertThat(page.locator("html")).hasAttribute("lang", "nb");
    assertThat(page.locator("#groups-title")).hasText("Grupper");
  }

  @Test
  void publicPagesHaveNoSeriousAccessibilityViolations() {
    Page page = open();
    List<String> found = new ArrayList<>();
    for (String path : List.of("/", "/groups/branch", threadPath, "/posts/" + replyId, "/users/reader", "/signin", "/register",
        "/no-such-page", "/search", "/search?q=buses", "/search?q=branch&type=groups", "/search?q=nothing-like-it")) {
      page.navigate(path);
      for (String violation : Chromium.seriousAxeViolations(page)) {
        found.add(path + ": " + violation);
      }
    }
    assertEquals(List.of(), found);
    // Keyboard: the first Tab reaches the skip link, which is then visible.
    page.navigate(threadPath);
    page.keyboard().press("Tab");
    assertThat(page.locator("a.skip")).isFocused();
    Chromium.screenshot(page, "skip-link-focused");
  }

  @Test
  void signedInAndAdminPagesHaveNoSeriousAccessibilityViolations() {
    Page page = open();
    signIn(page, "chair", "password-of-chair");
    List<String> found = new ArrayList<>();
    for (String path : List.of(threadPath, "/search?q=late+shift&type=posts", "/notifications", "/follow", "/groups/branch/new", "/admin", "/admin/reports",
        "/admin/domain-blocks", "/admin/accounts", "/admin/federation", "/admin/settings")) {
      page.navigate(path);
      page.waitForLoadState();
      for (String violation : Chromium.seriousAxeViolations(page)) {
        found.add(path + ": " + violation);
      }
    }
    assertEquals(List.of(), found);
    page.navigate("/admin/federation");
    Chromium.screenshot(page, "admin-federation");
  }

  @Test
  void anonymousVisitorsAreSentToSignInFromTheAdminUi() {
    Page page = open();
    page.navigate("/admin/domain-blocks");
    page.waitForURL(BASE + "/signin?next=%2Fadmin%2Fdomain-blocks");
    signInHere(page, "chair", "password-of-chair");
    page.waitForURL(BASE + "/admin/domain-blocks");
    assertThat(page.locator("h1")).hasText("Domain blocks");
  }

  @Test
  void aModeratorResolvesAReport() {
    Session reporter = api.newCitizen("reporter");
    HttpResponse<Buffer> report = api.post("/api/v1/reports", reporter.accessToken(),
        new JsonObject().put("posts", new io.vertx.core.json.JsonArray().add(replyId)).put("comment", "Off topic, please look"));
    assertEquals(201, report.statusCode(), report.bodyAsString());
    String reportId = report.bodyAsJsonObject().getString("id");

    Page page = open();
    signIn(page, "chair", "password-of-chair");
    page.navigate("/admin/reports");
    Locator item = page.locator("#report-" + reportId);
    assertThat(item.locator(".report-comment")).hasText("Off topic, please look");
    assertThat(item.locator(".reported-post")).containsText("Yes, people work late shifts.");
    Chromium.screenshot(page, "admin-report-open");
    item.getByLabel("Dismiss: nothing to do").check();
    item.locator("textarea").fill("On topic after all: shift work is the point.");
    item.locator("button[type=submit]").click();
    assertThat(item.locator(".form-status")).hasText("Resolved.");
    Chromium.screenshot(page, "admin-report-resolved");

    HttpResponse<Buffer> open = api.get("/api/v1/admin/reports?state=open", admin.accessToken());
    assertTrue(open.bodyAsJsonArray().stream().map(JsonObject.class::cast).noneMatch(r -> r.getString("id").equals(reportId)),
        open.bodyAsString());
  }

  @Test
  void anAdminBlocksADomain() {
    Page page = open();
    signIn(page, "chair", "password-of-chair");
    page.navigate("/admin/domain-blocks");
    page.getByLabel("Domain", new Page.GetByLabelOptions().setExact(true)).fill("spam.example");
    page.getByLabel("Severity").selectOption("suspend");
    page.getByLabel("Reason", new Page.GetByLabelOptions().setExact(true)).fill("Spam waves from this server");
    page.locator("form[data-form=domain-block] button[type=submit]").click();
    assertThat(page.locator("#blocks")).containsText("spam.example");
    Chromium.screenshot(page, "admin-domain-blocked");

    HttpResponse<Buffer> list = api.get("/api/v1/admin/domain-blocks", admin.accessToken());
    assertTrue(list.bodyAsString().contains("\"spam.example\""), list.bodyAsString());
    HttpResponse<Buffer> modlog = api.get("/api/v1/modlog", null);
    assertTrue(modlog.bodyAsString().contains("spam.example"), modlog.bodyAsString());
  }

  private static void signIn(Page page, String username, String password) {
    page.navigate("/signin");
    signInHere(page, username, password);
    page.waitForURL(BASE + "/");
  }

  private static void signInHere(Page page, String username, String password) {
    page.getByLabel("Username").fill(username);
    page.getByLabel("Password").fill(password);
    page.locator("form[data-form=signin] button[type=submit]").click();
  }
}
