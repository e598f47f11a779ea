package org.torg.server.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;

/**
 * Email against a real SMTP server (GreenMail, in the JVM): each message's recipient, subject,
 * text and link, the link followed through Torg's pages and API; expired, reused and made-up
 * links; the same answer for an unknown address; and a notification email's one-click unsubscribe.
 */
class MailTest {

  static final String SMTP_ADDRESS = "127.0.0.170";
  static final String ADDRESS = "127.0.0.171";
  static final String BASE = "http://" + ADDRESS;

  static GreenMail smtp;
  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static ApiClient api;
  static WebClient web;

  @BeforeAll
  static void start() {
    smtp = new GreenMail(new ServerSetup(3025, SMTP_ADDRESS, ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", BASE, "TORG_HTTP_HOST", ADDRESS, "TORG_HTTP_PORT", "80",
        "TORG_HTTP_BEHIND_PROXY", "true",
        "TORG_MAIL_HOST", SMTP_ADDRESS, "TORG_MAIL_PORT", "3025", "TORG_MAIL_SECURITY", "none",
        "TORG_MAIL_FROM", "torg@mail.example", "TORG_MAIL_RETRY_FIRST_SECONDS", "1"), clock);
    api = torg.api(vertx);
    web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  @AfterAll
  static void stop() {
    if (torg != null) {
      torg.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  @BeforeEach
  void emptyMailbox() throws Exception {
    smtp.purgeEmailFromAllMailboxes();
  }

  /** Waits for the next message to {@code to} and returns it. */
  static MimeMessage nextMessageTo(String to) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (MimeMessage m : smtp.getReceivedMessages()) {
        if (m.getAllRecipients()[0].toString().equals(to) && m.getHeader("X-Seen-By-Test") == null) {
          m.setHeader("X-Seen-By-Test", "1");
          return m;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no email reached " + to);
  }

  static boolean unseen(MimeMessage m) {
    try {
      return m.getHeader("X-Seen-By-Test") == null;
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(MimeMessage m) throws Exception {
    return ((String) m.getContent()).replace("\r\n", "\n");
  }

  static String link(String text, String path) {
    Matcher m = Pattern.compile(Pattern.quote(BASE + path) + "\\?token=[A-Za-z0-9_%-]+").matcher(text);
    assertTrue(m.find(), "a link to " + path + " in: " + text);
    return m.group();
  }

  static HttpResponse<Buffer> get(String url) {
    URI u = URI.create(url);
    return web.get(80, ADDRESS, u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())).send().await();
  }

  static HttpResponse<Buffer> postForm(String pathAndQuery, MultiMap form) {
    return web.post(80, ADDRESS, pathAndQuery).sendForm(form).await();
  }

  static String tokenOf(String link) {
    return java.net.URLDecoder.decode(link.substring(link.indexOf("token=") + 6), java.nio.charset.StandardCharsets.UTF_8);
  }

  static final java.util.concurrent.atomic.AtomicInteger REGISTRATIONS = new java.util.concurrent.atomic.AtomicInteger();

  /** Each from an address of its own: the per-address registration limit is not what this tests. */
  static HttpResponse<Buffer> register(String name) {
    return api.from("10.0.0." + REGISTRATIONS.incrementAndGet()).post("/api/v1/accounts", null, new JsonObject().put("username", name).put("email", name + "@example.org")
        .put("password", "password-of-" + name));
  }

  /** Registers through the API and follows the verification email's link. */
  static ApiClient.Session verifiedCitizen(String name) throws Exception {
    assertEquals(201, register(name).statusCode());
    MimeMessage verify = nextMessageTo(name + "@example.org");
    assertEquals("torg@mail.example", verify.getFrom()[0].toString());
    assertTrue(verify.getSubject().startsWith("Verify your email address"), verify.getSubject());
    HttpResponse<Buffer> page = get(link(text(verify), "/verify-email"));
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("Your email address is verified"));
    return api.signIn(name, "password-of-" + name);
  }

  @Test
  void signUpSendsAVerificationLinkThatWorksOnce() throws Exception {
    assertEquals(201, register("vera").statusCode());
    ApiClient.Session vera = api.signIn("vera", "password-of-vera");
    assertEquals(false, api.get("/api/v1/me", vera.accessToken()).bodyAsJsonObject().getBoolean("emailVerified"));
    MimeMessage m = nextMessageTo("vera@example.org");
    String text = text(m);
    assertTrue(text.contains("Hello vera"), text);
    String link = link(text, "/verify-email");
    assertEquals(200, get(link).statusCode());
    JsonObject me = api.get("/api/v1/me", vera.accessToken()).bodyAsJsonObject();
    assertEquals(true, me.getBoolean("emailVerified"));
    assertEquals(true, me.getBoolean("mailEnabled"));
    HttpResponse<Buffer> again = get(link);
    assertEquals(410, again.statusCode());
    assertTrue(again.bodyAsString().contains("used already"));
    assertEquals(409, api.post("/api/v1/me/email/verification", vera.accessToken(), null).statusCode(),
        "a verified address gets no new link");
    assertEquals(404, api.post("/api/v1/email/verify", null, new JsonObject().put("token", "made-up")).statusCode());
  }

  @Test
  void aResetLinkSetsANewPasswordOnceAndEndsEverySession() throws Exception {
    ApiClient.Session old = verifiedCitizen("rita");
    HttpResponse<Buffer> asked = api.post("/api/v1/password-reset", null, new JsonObject().put("email", "RITA@example.org"));
    assertEquals(202, asked.statusCode());
    MimeMessage m = nextMessageTo("rita@example.org");
    assertTrue(m.getSubject().startsWith("Reset your password"), m.getSubject());
    String link = link(text(m), "/password-reset/new");
    HttpResponse<Buffer> form = get(link);
    assertEquals(200, form.statusCode());
    assertEquals("no-store", form.getHeader("Cache-Control"), "no cache keeps a page with a token");
    assertTrue(form.bodyAsString().contains("name=\"password\""));

    // A password too short is refused with the rule, and the link still works.
    MultiMap shortOne = MultiMap.caseInsensitiveMultiMap().add("token", tokenOf(link)).add("password", "short");
    assertEquals(422, postForm("/password-reset/new", shortOne).statusCode());
    assertEquals(200, api.signInResponse("rita", "password-of-rita").statusCode(), "nothing changed");

    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("token", tokenOf(link)).add("password", "a new password for rita");
    HttpResponse<Buffer> done = postForm("/password-reset/new", good);
    assertEquals(200, done.statusCode());
    assertTrue(done.bodyAsString().contains("Your password is changed"));
    assertEquals(401, api.get("/api/v1/me", old.accessToken()).statusCode(), "every earlier session ended");
    assertEquals(401, api.signInResponse("rita", "password-of-rita").statusCode());
    api.signIn("rita", "a new password for rita");

    HttpResponse<Buffer> reused = postForm("/password-reset/new", good);
    assertEquals(410, reused.statusCode());
    assertTrue(reused.bodyAsString().contains("used already"));
    HttpResponse<Buffer> apiReuse = api.post("/api/v1/password-reset/confirm", null,
        new JsonObject().put("token", tokenOf(link)).put("password", "yet another password"));
    assertEquals(410, apiReuse.statusCode());
    assertEquals("reset_link_used", apiReuse.bodyAsJsonObject().getString("error"));
  }

  @Test
  void anExpiredResetLinkIsRefused() throws Exception {
    verifiedCitizen("ebba");
    assertEquals(202, api.post("/api/v1/password-reset", null, new JsonObject().put("username", "ebba")).statusCode());
    String link = link(text(nextMessageTo("ebba@example.org")), "/password-reset/new");
    clock.advance(Duration.ofMinutes(61));
    HttpResponse<Buffer> page = get(link);
    assertEquals(410, page.statusCode());
    assertTrue(page.bodyAsString().contains("This link has expired"));
    HttpResponse<Buffer> viaApi = api.post("/api/v1/password-reset/confirm", null,
        new JsonObject().put("token", tokenOf(link)).put("password", "a new password for ebba"));
    assertEquals(410, viaApi.statusCode());
    assertEquals("reset_link_expired", viaApi.bodyAsJsonObject().getString("error"));
    api.signIn("ebba", "password-of-ebba");
  }

  @Test
  void anUnknownAddressGetsTheSameAnswerAndNoEmail() throws Exception {
    verifiedCitizen("known");
    smtp.purgeEmailFromAllMailboxes();
    HttpResponse<Buffer> known = api.from("192.0.2.7").post("/api/v1/password-reset", null,
        new JsonObject().put("email", "known@example.org"));
    HttpResponse<Buffer> unknown = api.from("192.0.2.7").post("/api/v1/password-reset", null,
        new JsonObject().put("email", "nobody@example.org"));
    assertEquals(202, known.statusCode());
    assertEquals(known.statusCode(), unknown.statusCode());
    assertEquals(known.bodyAsString(), unknown.bodyAsString());
    nextMessageTo("known@example.org");
    Thread.sleep(1500);
    assertEquals(1, smtp.getReceivedMessages().length, "only the real account got an email");
    assertEquals(422, api.post("/api/v1/password-reset", null, new JsonObject()).statusCode(), "a request names someone");
    HttpResponse<Buffer> made = api.post("/api/v1/password-reset/confirm", null,
        new JsonObject().put("token", "x".repeat(43)).put("password", "whatever password"));
    assertEquals(404, made.statusCode());
    assertEquals("reset_link_unknown", made.bodyAsJsonObject().getString("error"));
  }

  @Test
  void aSignInFromANewAddressSendsANotice() throws Exception {
    verifiedCitizen("nils");
    // verifiedCitizen signed in from 127.0.0.1: the first address of all sends nothing, a second one a notice.
    api.from("198.51.100.1").signIn("nils", "password-of-nils");
    assertTrue(text(nextMessageTo("nils@example.org")).contains("198.51.100.1"));
    api.from("198.51.100.1").signIn("nils", "password-of-nils");
    Thread.sleep(1500);
    assertEquals(0, java.util.Arrays.stream(smtp.getReceivedMessages()).filter(MailTest::unseen).count(),
        "the same address again sends nothing");
    smtp.purgeEmailFromAllMailboxes();
    api.from("203.0.113.9").signIn("nils", "password-of-nils");
    MimeMessage notice = nextMessageTo("nils@example.org");
    assertTrue(notice.getSubject().startsWith("New sign-in"), notice.getSubject());
    String text = text(notice);
    assertTrue(text.contains("203.0.113.9"), text);
    assertTrue(text.contains(BASE + "/password-reset"), text);
    api.from("203.0.113.9").signIn("nils", "password-of-nils");
    Thread.sleep(1500);
    assertEquals(1, smtp.getReceivedMessages().length, "a known address sends no second notice");
  }

  @Test
  void aReplyEmailCarriesAOneClickUnsubscribe() throws Exception {
    ApiClient.Session una = verifiedCitizen("una");
    ApiClient.Session admin = api.newAdmin("mailadmin");
    ApiClient.Session bo = api.newCitizen("bo");
    assertEquals(409, api.send(HttpMethod.PUT, "/api/v1/me/email-notifications", bo.accessToken(),
        new JsonObject().put("replies", true)).statusCode(), "an unverified address gets no notification emails");
    HttpResponse<Buffer> on = api.send(HttpMethod.PUT, "/api/v1/me/email-notifications", una.accessToken(),
        new JsonObject().put("replies", true).put("mentions", true));
    assertEquals(200, on.statusCode(), on.bodyAsString());
    assertEquals(201, api.post("/api/v1/groups", admin.accessToken(), new JsonObject().put("name", "mailgroup")).statusCode());
    HttpResponse<Buffer> opened = api.post("/api/v1/groups/mailgroup/threads", admin.accessToken(),
        new JsonObject().put("title", "Bike lanes").put("content", "Where next?"));
    assertEquals(201, opened.statusCode(), opened.bodyAsString());
    String rootId = opened.bodyAsJsonObject().getJsonObject("root").getString("id");
    HttpResponse<Buffer> mine = api.post("/api/v1/posts/" + rootId + "/replies", una.accessToken(),
        new JsonObject().put("content", "Along the river"));
    assertEquals(201, mine.statusCode(), mine.bodyAsString());
    smtp.purgeEmailFromAllMailboxes();
    assertEquals(201, api.post("/api/v1/posts/" + mine.bodyAsJsonObject().getString("id") + "/replies", bo.accessToken(),
        new JsonObject().put("content", "Yes, & past the <b>bridge</b>")).statusCode());

    MimeMessage m = nextMessageTo("una@example.org");
    assertTrue(m.getSubject().startsWith("bo replied to you"), m.getSubject());
    String text = text(m);
    // The post as plain text: its HTML entities read back (the Markdown kept the tags as text).
    assertTrue(text.contains("Yes, & past the <b>bridge</b>"), text);
    assertTrue(text.contains(BASE + "/threads/"), text);
    assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post")[0]);
    String header = m.getHeader("List-Unsubscribe")[0];
    assertTrue(header.startsWith("<" + BASE + "/unsubscribe?token="), header);
    String unsubscribe = header.substring(1, header.length() - 1);
    URI u = URI.create(unsubscribe);
    // As a mail client does it (RFC 8058): a POST with no session, no cookie, no Origin.
    HttpResponse<Buffer> off = web.post(80, ADDRESS, u.getRawPath() + "?" + u.getRawQuery())
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click")).await();
    assertEquals(200, off.statusCode());
    JsonObject now = api.get("/api/v1/me/email-notifications", una.accessToken()).bodyAsJsonObject();
    assertFalse(now.getBoolean("replies"));
    assertFalse(now.getBoolean("mentions"));
    assertEquals(404, web.post(80, ADDRESS, "/unsubscribe?token=made-up").send().await().statusCode());

    smtp.purgeEmailFromAllMailboxes();
    assertEquals(201, api.post("/api/v1/posts/" + mine.bodyAsJsonObject().getString("id") + "/replies", bo.accessToken(),
        new JsonObject().put("content", "Another one")).statusCode());
    Thread.sleep(1500);
    assertEquals(0, smtp.getReceivedMessages().length, "unsubscribed: no more notification emails");
  }

  @Test
  void aSendThatFailsIsTriedAgain() throws Exception {
    smtp.stop();
    try {
      assertEquals(201, register("tove").statusCode(), "sign-up does not wait for the SMTP server");
      Thread.sleep(1500);
    } finally {
      smtp = new GreenMail(new ServerSetup(3025, SMTP_ADDRESS, ServerSetup.PROTOCOL_SMTP));
      smtp.start();
    }
    MimeMessage m = nextMessageTo("tove@example.org");
    assertTrue(m.getSubject().startsWith("Verify your email address"));
    List<String> errors = torg.torg().services().pool().query("SELECT coalesce(last_error, '') FROM outgoing_mail"
        + " WHERE recipient = 'tove@example.org' AND sent_at IS NOT NULL AND attempts > 1").execute().await()
        .stream().map(r -> r.getString(0)).toList();
    assertEquals(1, errors.size(), "sent after a failed attempt");
  }

  @Test
  void theSettingsFormNeedsTheSessionsCsrfTokenAndThisSite() throws Exception {
    ApiClient.Session sara = verifiedCitizen("sara");
    String cookie = "torg_access=" + sara.accessToken();
    MultiMap on = MultiMap.caseInsensitiveMultiMap().add("replies", "on").add("citations", "on");
    HttpResponse<Buffer> noToken = web.post(80, ADDRESS, "/settings/email").putHeader("Cookie", cookie)
        .putHeader("Accept", "text/html").sendForm(on).await();
    assertEquals(403, noToken.statusCode());
    HttpResponse<Buffer> elsewhere = web.post(80, ADDRESS, "/settings/email").putHeader("Cookie", cookie)
        .putHeader("Origin", "http://evil.example").sendForm(MultiMap.caseInsensitiveMultiMap().addAll(on)
            .add("csrf", sara.csrfToken())).await();
    assertEquals(403, elsewhere.statusCode());
    assertFalse(api.get("/api/v1/me/email-notifications", sara.accessToken()).bodyAsJsonObject().getBoolean("replies"),
        "refused forms changed nothing");

    HttpResponse<Buffer> saved = web.post(80, ADDRESS, "/settings/email").putHeader("Cookie", cookie).putHeader("Origin", BASE)
        .sendForm(MultiMap.caseInsensitiveMultiMap().addAll(on).add("csrf", sara.csrfToken())).await();
    assertEquals(303, saved.statusCode());
    assertEquals("/settings/email?saved=1", saved.getHeader("Location"));
    JsonObject now = api.get("/api/v1/me/email-notifications", sara.accessToken()).bodyAsJsonObject();
    assertTrue(now.getBoolean("replies"));
    assertFalse(now.getBoolean("mentions"));
    assertTrue(now.getBoolean("citations"));
    HttpResponse<Buffer> page = web.get(80, ADDRESS, "/settings/email?saved=1").putHeader("Cookie", cookie).send().await();
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("id=\"email-replies\" name=\"replies\" value=\"on\" checked"), page.bodyAsString());
    assertEquals(303, web.get(80, ADDRESS, "/settings/email").send().await().statusCode(), "signed out: sign in first");
  }

  @Test
  void anOfficialResponseThatCitesYouSendsAnEmail() throws Exception {
    ApiClient.Session cecilia = verifiedCitizen("cecilia");
    assertEquals(200, api.send(HttpMethod.PUT, "/api/v1/me/email-notifications", cecilia.accessToken(),
        new JsonObject().put("citations", true).put("mentions", true)).statusCode());
    ApiClient.Session chair = api.newAdmin("chair");
    assertEquals(201, api.post("/api/v1/groups", chair.accessToken(), new JsonObject().put("name", "council")).statusCode());
    HttpResponse<Buffer> opened = api.post("/api/v1/groups/council/consultations", chair.accessToken(), new JsonObject()
        .put("title", "Night buses").put("content", "Should line 4 run all night?")
        .put("inputClosesAt", clock.instant().plus(Duration.ofHours(1)).toString()));
    assertEquals(201, opened.statusCode(), opened.bodyAsString());
    JsonObject thread = opened.bodyAsJsonObject();
    HttpResponse<Buffer> reply = api.post("/api/v1/posts/" + thread.getJsonObject("root").getString("id") + "/replies",
        cecilia.accessToken(), new JsonObject().put("content", "Yes, on Fridays at least."));
    assertEquals(201, reply.statusCode(), reply.bodyAsString());
    clock.advance(Duration.ofHours(2));
    smtp.purgeEmailFromAllMailboxes();
    chair = api.signIn("chair", "password-of-chair");
    HttpResponse<Buffer> response = api.post("/api/v1/threads/" + thread.getString("id") + "/response", chair.accessToken(),
        new JsonObject().put("content", "Line 4 runs all night on Fridays.")
            .put("cites", new io.vertx.core.json.JsonArray().add(reply.bodyAsJsonObject().getString("id"))));
    assertEquals(201, response.statusCode(), response.bodyAsString());
    MimeMessage m = nextMessageTo("cecilia@example.org");
    assertTrue(m.getSubject().startsWith("An official response cites you: Night buses"), m.getSubject());
    String text = text(m);
    assertTrue(text.contains("Yes, on Fridays at least."), text);
    assertTrue(text.contains(BASE + "/threads/" + thread.getString("id")), text);
    assertTrue(m.getHeader("List-Unsubscribe")[0].startsWith("<" + BASE + "/unsubscribe?token="));
    Thread.sleep(1500);
    assertEquals(1, smtp.getReceivedMessages().length, "the response also mentions her: one email, not two");
  }


  @Test
  void aNewVerificationLinkCanBeAskedForAFewTimesAnHour() throws Exception {
    assertEquals(201, register("rolf").statusCode());
    nextMessageTo("rolf@example.org");
    ApiClient.Session rolf = api.signIn("rolf", "password-of-rolf");
    assertEquals(202, api.post("/api/v1/me/email/verification", rolf.accessToken(), null).statusCode());
    String second = link(text(nextMessageTo("rolf@example.org")), "/verify-email");
    assertEquals(202, api.post("/api/v1/me/email/verification", rolf.accessToken(), null).statusCode());
    nextMessageTo("rolf@example.org");
    HttpResponse<Buffer> fourth = api.post("/api/v1/me/email/verification", rolf.accessToken(), null);
    assertEquals(429, fourth.statusCode(), "three an hour, the sign-up's included");
    assertTrue(fourth.getHeader("Retry-After") != null);
    assertEquals(200, api.post("/api/v1/email/verify", null, new JsonObject().put("token", tokenOf(second))).statusCode(),
        "an earlier link still works until one is used");
    assertEquals(true, api.get("/api/v1/me", rolf.accessToken()).bodyAsJsonObject().getBoolean("emailVerified"));
  }


  @Test
  void anEmailChangeNeedsANewProofAndOldLinksProveNothing() throws Exception {
    assertEquals(201, register("emil").statusCode());
    String oldLink = link(text(nextMessageTo("emil@example.org")), "/verify-email");
    ApiClient.Session emil = api.signIn("emil", "password-of-emil");
    long id = torg.torg().services().accounts().accounts().findByUsername("emil").await().orElseThrow().id();
    // As an email change would do it, in one transaction: the new address, then the hook.
    torg.torg().services().pool().withTransaction(tx -> tx.preparedQuery("UPDATE account SET email = $2 WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(id, "emil@new.example"))
        .compose(v -> torg.torg().services().mail().verification().addressChanged(tx, id, "emil", "emil@new.example",
            java.util.Locale.forLanguageTag("sv")))).await();
    MimeMessage m = nextMessageTo("emil@new.example");
    assertTrue(m.getSubject().startsWith("Bekräfta din e-postadress"), m.getSubject());
    assertEquals(410, get(oldLink).statusCode(), "a link to the old address proves nothing");
    assertEquals(false, api.get("/api/v1/me", emil.accessToken()).bodyAsJsonObject().getBoolean("emailVerified"));
    assertEquals(200, get(link(text(m), "/verify-email")).statusCode());
    assertEquals(true, api.get("/api/v1/me", emil.accessToken()).bodyAsJsonObject().getBoolean("emailVerified"));
  }

}
