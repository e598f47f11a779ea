package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Chromium;
import org.torg.server.support.RunningTorg;

/**
 * A post's page shows it inside its thread, as Mastodon's status page does: its ancestors above,
 * the post marked, its replies below, other branches left out; kept per thread version; a
 * thread's root links to the thread's page. In the browser, without JavaScript and with it, axe clean.
 */
class PostPagesTest {

  static final String ADDRESS = "127.0.0.139";
  static final String BASE = "http://" + ADDRESS;

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static Chromium chromium;
  static String token;
  static String threadId;
  static String root;
  static String a;
  static String b;
  static String a1;
  static String a1x;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.onLoopbackAddress(ADDRESS);
    api = torg.api(vertx);
    token = api.newAdmin("chair").accessToken();
    api.post("/api/v1/groups", token, new JsonObject().put("name", "branch"));
    JsonObject thread = api.post("/api/v1/groups/branch/threads", token,
        new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?")).bodyAsJsonObject();
    threadId = thread.getString("id");
    root = thread.getJsonObject("root").getString("id");
    a = reply(root, "Yes, for the late shifts.");
    b = reply(root, "Only at weekends.");
    a1 = reply(a, "Which shifts end after midnight?");
    a1x = reply(a1, "The hospital's night shift.");
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    torg.close();
    vertx.close().await();
  }

  private static String reply(String to, String text) {
    HttpResponse<Buffer> r = api.post("/api/v1/posts/" + to + "/replies", token, new JsonObject().put("content", text));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("id");
  }

  private static String page(String path) {
    HttpResponse<Buffer> r = torg.get(vertx, path).putHeader("Accept", "text/html").send().await();
    assertEquals(200, r.statusCode(), path);
    return r.bodyAsString();
  }

  @Test
  void aPostsPageShowsItsAncestorsItselfMarkedAndItsRepliesButNotOtherBranches() {
    String html = page("/posts/" + a1);
    int rootAt = html.indexOf("id=\"post-" + root + "\"");
    int aAt = html.indexOf("id=\"post-" + a + "\"");
    int a1At = html.indexOf("id=\"post-" + a1 + "\"");
    int a1xAt = html.indexOf("id=\"post-" + a1x + "\"");
    assertTrue(rootAt > 0 && rootAt < aAt && aAt < a1At && a1At < a1xAt, "ancestors above, replies below: " + html);
    assertFalse(html.contains("id=\"post-" + b + "\""), "another branch is left out");
    assertTrue(html.contains("class=\"post current\" id=\"post-" + a1 + "\" aria-current=\"true\""), html);
    assertEquals(2, html.split("class=\"post current\"", -1).length, "one post is marked");
    assertTrue(html.contains("href=\"" + BASE + "/threads/" + threadId + "#post-" + a1 + "\""), "a link to the whole thread");
    // The root's page is the whole thread from the root, marked.
    String rootPage = page("/posts/" + root);
    assertTrue(rootPage.contains("id=\"post-" + b + "\"") && rootPage.contains("class=\"post current\" id=\"post-" + root + "\""));
    assertEquals(404, torg.get(vertx, "/posts/999999999").putHeader("Accept", "text/html").send().await().statusCode());
  }

  @Test
  void theKeptPageShowsANewReplyAtOnce() {
    String before = page("/posts/" + b);
    assertEquals(before, page("/posts/" + b), "kept: the same page");
    String b1 = reply(b, "Saturdays, then.");
    assertTrue(page("/posts/" + b).contains("id=\"post-" + b1 + "\""), "a new reply makes a new version");
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + b1, token, null).statusCode());
    assertFalse(page("/posts/" + b).contains("Saturdays, then."));
  }

  @Test
  void aThreadsRootLeadsToTheThreadsPageAndARepliesToItsOwn() {
    JsonObject rootNote = torg.get(vertx, "/posts/" + root).putHeader("Accept", "application/activity+json").send().await()
        .bodyAsJsonObject();
    assertEquals(BASE + "/threads/" + threadId, rootNote.getString("url"));
    JsonObject replyNote = torg.get(vertx, "/posts/" + a1).putHeader("Accept", "application/activity+json").send().await()
        .bodyAsJsonObject();
    assertEquals(replyNote.getString("id"), replyNote.getString("url"));
  }

  @Test
  void inTheBrowserThePostIsMarkedWithAndWithoutJavaScriptAndAxeIsClean() {
    for (boolean javaScript : List.of(false, true)) {
      try (BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE)
          .setJavaScriptEnabled(javaScript).setLocale("sv-SE").setViewportSize(800, 400))) {
        Page p = context.newPage();
        p.navigate("/posts/" + a1x);
        assertThat(p.locator("article.post.current")).hasAttribute("id", "post-" + a1x);
        assertThat(p.locator("p.meta a").first()).hasText("Läs hela tråden");
        if (javaScript) {
          assertThat(p.locator("article.post.current")).isInViewport();
          assertEquals(List.of(), Chromium.seriousAxeViolations(p));
        }
      }
    }
  }
}
