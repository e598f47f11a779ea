package org.torg.server.http.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.ApiClient.Session;
import org.torg.server.support.RunningTorg;
import org.w3c.dom.Document;

/**
 * The server-rendered pages over real HTTP, without a browser: what they show, that they escape
 * what people wrote, their headers, languages, feeds, the admin gate, and the API routes the
 * web client added (notifications, preview).
 */
class PagesTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static Session admin;
  static Session alice;
  static Session bob;
  static String threadId;
  static String rootId;
  static String replyId;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_INSTANCE_NAME", "Test <Torg>"));
    api = torg.api(vertx);
    admin = api.newAdmin("chief");
    alice = api.newCitizen("alice");
    bob = api.newCitizen("bob");
    api.post("/api/v1/groups", admin.accessToken(), new JsonObject().put("name", "branch").put("displayName", "Branch & Co")
        .put("summary", "Local branch <b>news</b>"));
    api.send(HttpMethod.PUT, "/api/v1/groups/branch/members/alice", admin.accessToken(), new JsonObject().put("role", "member"));
    HttpResponse<Buffer> thread = api.post("/api/v1/groups/branch/threads", alice.accessToken(),
        new JsonObject().put("title", "Buses <script>alert(1)</script>").put("content", "Should line 4 run **all night**?"));
    assertEquals(201, thread.statusCode(), thread.bodyAsString());
    threadId = thread.bodyAsJsonObject().getString("id");
    rootId = thread.bodyAsJsonObject().getJsonObject("root").getString("id");
    HttpResponse<Buffer> reply = api.post("/api/v1/posts/" + rootId + "/replies", bob.accessToken(),
        new JsonObject().put("content", "Yes, and <img src=x onerror=alert(2)> the 5 too"));
    assertEquals(201, reply.statusCode(), reply.bodyAsString());
    replyId = reply.bodyAsJsonObject().getString("id");
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> page(String path, String... headers) {
    var request = torg.get(vertx, path).followRedirects(false).putHeader("Accept", "text/html,application/xhtml+xml");
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return request.send().await();
  }

  @Test
  void threadPageShowsTheTreeEscapedWithItsHeaders() {
    HttpResponse<Buffer> r = page("/threads/" + threadId);
    assertEquals(200, r.statusCode());
    String html = r.bodyAsString();
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"));
    String csp = r.getHeader("Content-Security-Policy");
    assertNotNull(csp);
    assertTrue(csp.contains("script-src 'self'") && csp.contains("object-src 'none'"), csp);
    assertEquals("en", r.getHeader("Content-Language"));
    assertTrue(html.contains("<h1>Buses &lt;script&gt;alert(1)&lt;/script&gt;</h1>"), "the title is escaped");
    assertFalse(html.contains("<script>alert(1)"), "no injected script");
    assertFalse(html.contains("<img"), "raw HTML in a local reply's Markdown is shown as text, not as an element");
    assertTrue(html.contains("the 5 too"), "the reply is there");
    assertTrue(html.contains("<strong>all night</strong>"), "the root's Markdown is rendered");
    assertTrue(html.contains("property=\"og:title\" content=\"Buses &lt;script&gt;"), "OpenGraph title, escaped");
    assertTrue(html.contains("Test &lt;Torg&gt;"), "the instance name is escaped too");
    // The reply sits in the root's replies list, with its author and where the author is from.
    int root = html.indexOf("id=\"post-" + rootId + "\"");
    int list = html.indexOf("<ol class=\"replies\">", root);
    int reply = html.indexOf("id=\"post-" + replyId + "\"", list);
    assertTrue(root > 0 && list > root && reply > list, "reply nested under the root");
    assertTrue(html.contains("@bob@"), "the reply's author handle");
    assertTrue(html.contains("on this server"), "local/remote shown");
    assertTrue(html.contains("Reply from your own fediverse account"), "the reply help");
    assertTrue(html.contains("value=\"" + torg.config().url("/posts/" + rootId) + "\""), "the post address to paste");
    assertTrue(html.contains("/feed.atom"), "the thread's feed is linked");
  }

  @Test
  void deletedPostWithRepliesStaysAsAPlaceholder() {
    HttpResponse<Buffer> mid = api.post("/api/v1/posts/" + rootId + "/replies", alice.accessToken(),
        new JsonObject().put("content", "a reply to be deleted"));
    String midId = mid.bodyAsJsonObject().getString("id");
    api.post("/api/v1/posts/" + midId + "/replies", bob.accessToken(), new JsonObject().put("content", "an answer that stays"));
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + midId, alice.accessToken(), null).statusCode());
    String html = page("/threads/" + threadId).bodyAsString();
    assertTrue(html.contains("id=\"post-" + midId + "\""), "the deleted post keeps its place");
    assertTrue(html.contains("This post was deleted."));
    assertFalse(html.contains("a reply to be deleted"), "but not its text");
    assertTrue(html.contains("an answer that stays"));
    assertEquals(410, page("/posts/" + midId).statusCode(), "its permalink is gone");
  }

  @Test
  void postPermalinkIsAPageForBrowsersAndANoteForServers() {
    HttpResponse<Buffer> html = page("/posts/" + replyId);
    assertEquals(200, html.statusCode());
    assertTrue(html.bodyAsString().contains("the 5 too"));
    assertTrue(html.bodyAsString().contains("href=\"" + torg.config().url("/threads/" + threadId) + "#post-" + replyId + "\""));
    HttpResponse<Buffer> json = torg.getActivityJson(vertx, "/posts/" + replyId).send().await();
    assertEquals("Note", json.bodyAsJsonObject().getString("type"));
  }

  @Test
  void homeGroupAndProfilePages() {
    String home = page("/").bodyAsString();
    assertTrue(home.contains("Branch &amp; Co"), home);
    String group = page("/groups/branch").bodyAsString();
    assertTrue(group.contains("<h1>Branch &amp; Co</h1>"));
    assertTrue(group.contains("value=\"@branch@"), "the handle to copy");
    assertTrue(group.contains("Follow this from your own account"));
    assertTrue(group.contains("href=\"" + torg.config().url("/threads/" + threadId) + "\""), "its threads are listed");
    assertTrue(group.contains("Local branch &lt;b&gt;news&lt;/b&gt;"), "the summary is text");
    String profile = page("/users/bob").bodyAsString();
    assertTrue(profile.contains("@bob@"));
    assertEquals(404, page("/users/nobody").statusCode());
  }

  @Test
  void languageFromAcceptLanguageAndSwitchable() {
    HttpResponse<Buffer> sv = page("/threads/" + threadId, "Accept-Language", "sv-SE,sv;q=0.9,en;q=0.5");
    assertEquals("sv", sv.getHeader("Content-Language"));
    assertTrue(sv.bodyAsString().contains("<html lang=\"sv\">"));
    assertTrue(sv.bodyAsString().contains("Svara från ditt eget fediversumkonto"));
    HttpResponse<Buffer> nb = page("/threads/" + threadId + "?lang=nb", "Accept-Language", "sv");
    assertTrue(nb.bodyAsString().contains("Svar fra din egen konto i fødiverset"));
    String cookie = nb.cookies().stream().filter(c -> c.startsWith("torg_lang=")).findFirst().orElseThrow();
    assertTrue(cookie.startsWith("torg_lang=nb"), cookie);
    HttpResponse<Buffer> remembered = page("/", "Cookie", "torg_lang=nb", "Accept-Language", "en");
    assertEquals("nb", remembered.getHeader("Content-Language"));
    assertEquals("nb", page("/", "Accept-Language", "no").getHeader("Content-Language"), "Norwegian asked as no gets Bokmål");
    assertEquals("en", page("/", "Accept-Language", "de-DE").getHeader("Content-Language"), "unsupported: English");
    assertEquals("en", page("/", "Accept-Language", ";;;q=x").getHeader("Content-Language"), "a broken header: English");
  }

  @Test
  void feedsAreAtom() throws Exception {
    HttpResponse<Buffer> group = torg.get(vertx, "/groups/branch/feed.atom").send().await();
    assertEquals(200, group.statusCode());
    assertTrue(group.getHeader("Content-Type").startsWith("application/atom+xml"));
    Document feed = xml(group.bodyAsString());
    assertEquals("feed", feed.getDocumentElement().getLocalName());
    assertTrue(feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength() >= 1);
    assertTrue(feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "title").item(1).getTextContent().startsWith("Buses <script>"),
        "the title is escaped XML, read back as the text it was");
    HttpResponse<Buffer> thread = torg.get(vertx, "/threads/" + threadId + "/feed.atom").send().await();
    Document posts = xml(thread.bodyAsString());
    String contents = posts.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "content").item(posts
        .getElementsByTagNameNS("http://www.w3.org/2005/Atom", "content").getLength() - 1).getTextContent();
    assertTrue(contents.contains("<strong>all night</strong>"), "content type=html carries the HTML as text: " + contents);
    assertEquals(404, torg.get(vertx, "/groups/nope/feed.atom").send().await().statusCode());
  }

  private static Document xml(String body) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void adminSendsAnonymousVisitorsToSignInAndRefusesCitizens() {
    HttpResponse<Buffer> anonymous = page("/admin/reports");
    assertEquals(303, anonymous.statusCode());
    assertEquals("/signin?next=%2Fadmin%2Freports", anonymous.getHeader("Location"));
    HttpResponse<Buffer> citizen = page("/admin/reports", "Cookie", cookies("carol"));
    assertEquals(403, citizen.statusCode());
    assertTrue(citizen.bodyAsString().contains("Only moderators may see this page."));
    String adminCookies = cookiesOf("chief", "password-of-chief");
    assertEquals(200, page("/admin/reports", "Cookie", adminCookies).statusCode());
    HttpResponse<Buffer> federation = page("/admin/federation", "Cookie", adminCookies);
    assertEquals(200, federation.statusCode());
    assertTrue(federation.bodyAsString().contains("id=\"queue-depth\""));
    assertEquals(200, page("/admin/settings", "Cookie", adminCookies).statusCode());
  }

  @Test
  void signedInPagesKnowTheViewer() {
    String html = page("/threads/" + threadId, "Cookie", cookies("dave")).bodyAsString();
    assertTrue(html.contains("Signed in as dave"));
    assertTrue(html.contains("data-action=\"reply\""), "reply buttons for signed-in readers");
    assertTrue(html.contains("id=\"reply-form-template\""));
    assertFalse(page("/threads/" + threadId).bodyAsString().contains("data-action=\"reply\""), "none for anonymous readers");
    assertEquals(303, page("/notifications").statusCode());
  }

  @Test
  void repliesNotifyTheirParentsAuthor() {
    HttpResponse<Buffer> list = api.get("/api/v1/notifications", alice.accessToken());
    assertEquals(200, list.statusCode(), list.bodyAsString());
    JsonObject body = list.bodyAsJsonObject();
    assertTrue(body.getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(n -> n.getString("kind").equals("reply") && n.getJsonObject("post").getString("id").equals(replyId)
            && n.getJsonObject("from").getString("handle").startsWith("@bob@")), body.encodePrettily());
    assertTrue(body.getLong("unread") >= 1);
    HttpResponse<Buffer> own = api.get("/api/v1/notifications", bob.accessToken());
    assertTrue(own.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .noneMatch(n -> n.getJsonObject("post").getString("id").equals(replyId)), "no notification for one's own post");
    assertEquals(200, api.post("/api/v1/notifications/read", alice.accessToken(), new JsonObject()).statusCode());
    assertEquals(0L, api.get("/api/v1/notifications", alice.accessToken()).bodyAsJsonObject().getLong("unread"));
    assertEquals(400, api.get("/api/v1/notifications?cursor=x", alice.accessToken()).statusCode());
    assertEquals(401, api.get("/api/v1/notifications", null).statusCode());
    String html = page("/notifications", "Cookie", cookiesOf("alice", "password-of-alice")).bodyAsString();
    assertTrue(html.contains("replied to you in"), html);
  }

  @Test
  void previewRendersMarkdownSafelyForSignedInWriters() {
    HttpResponse<Buffer> ok = api.post("/api/v1/preview", alice.accessToken(),
        new JsonObject().put("content", "**hi** <script>alert(1)</script> #buses"));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    String html = ok.bodyAsJsonObject().getString("html");
    assertTrue(html.contains("<strong>hi</strong>"), html);
    assertFalse(html.contains("<script>"), html);
    assertEquals(401, api.post("/api/v1/preview", null, new JsonObject().put("content", "x")).statusCode());
    HttpResponse<Buffer> missing = api.post("/api/v1/preview", alice.accessToken(), new JsonObject());
    assertEquals(422, missing.statusCode());
    assertEquals("missing_content", missing.bodyAsJsonObject().getString("error"));
    assertEquals(422, api.post("/api/v1/preview", alice.accessToken(), new JsonObject().put("content", "x".repeat(20_001)))
        .statusCode());
  }

  @Test
  void errorsArePagesForBrowsersAndJsonForTheApi() {
    HttpResponse<Buffer> html = page("/no/such/page");
    assertEquals(404, html.statusCode());
    assertTrue(html.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(html.bodyAsString().contains("There is nothing at this address."));
    HttpResponse<Buffer> json = torg.get(vertx, "/no/such/page").putHeader("Accept", "application/json").send().await();
    assertEquals("not_found", json.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> api404 = page("/api/v1/threads/999999");
    assertTrue(api404.getHeader("Content-Type").startsWith("application/json"), "the API answers JSON whatever the Accept");
  }

  @Test
  void staticFilesAndNoDirectoryListing() {
    assertEquals(200, torg.get(vertx, "/js/torg.js").send().await().statusCode());
    assertEquals(200, torg.get(vertx, "/torg.css").send().await().statusCode());
    assertEquals(404, torg.get(vertx, "/js/").send().await().statusCode());
  }

  /** A new citizen signed in for cookies: the Cookie header a browser would send. */
  private static String cookies(String username) {
    api.newCitizen(username);
    return cookiesOf(username, "password-of-" + username);
  }

  private static String cookiesOf(String username, String password) {
    HttpResponse<Buffer> r = api.post("/api/v1/sessions", null,
        new JsonObject().put("username", username).put("password", password).put("cookie", true));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    StringBuilder header = new StringBuilder();
    for (String c : r.cookies()) {
      header.append(header.length() == 0 ? "" : "; ").append(c, 0, c.indexOf(';'));
    }
    return header.toString();
  }
}
