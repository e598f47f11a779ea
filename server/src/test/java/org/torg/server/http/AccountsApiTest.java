package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.ApiClient.Session;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/** Registration, sign-in, refresh, sign-out, profile, password and account deletion through the HTTP API. */
class AccountsApiTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_HTTP_BEHIND_PROXY", "true"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    peer.addActor("remotefan");
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  @Test
  void registrationAnswers201WithTheAccountAndItsActorIsServed() {
    HttpResponse<Buffer> r = api.from("10.0.1.1").post("/api/v1/accounts", null,
        new JsonObject().put("username", " Anna ").put("email", "Anna@Example.org").put("password", "a long passphrase"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject account = r.bodyAsJsonObject();
    assertEquals("anna", account.getString("username"), "names are lower case");
    assertEquals("@anna@torg.test", account.getString("handle"));
    assertEquals("http://torg.test/users/anna", account.getString("actor"));
    assertEquals("citizen", account.getString("role"));
    assertFalse(r.bodyAsString().contains("passphrase") || r.bodyAsString().contains("argon2"), r.bodyAsString());

    JsonObject actor = torg.getActivityJson(vertx, "/users/anna").send().await().bodyAsJsonObject();
    assertEquals("Person", actor.getString("type"));
    assertEquals(200, torg.get(vertx, "/.well-known/webfinger?resource=acct:anna@torg.test").send().await().statusCode());

    Session session = api.signIn("anna", "a long passphrase");
    JsonObject me = api.get("/api/v1/me", session.accessToken()).bodyAsJsonObject();
    assertEquals("anna@example.org", me.getString("email"));
    assertEquals("active", me.getString("state"));
    assertFalse(me.encode().contains("argon2"), "the hash is never returned");
  }

  @Test
  void badRegistrationsAreRefusedWithTheirReasonAndStoreNothing() {
    ApiClient client = api.from("10.0.1.2");
    assertEquals(201, client.register("bert", "a long passphrase").statusCode());
    assertError(client.register("bert", "another passphrase"), 409, "username_taken");
    assertError(client.post("/api/v1/accounts", null,
        new JsonObject().put("username", "bert2").put("email", "bert@example.org").put("password", "a long passphrase")),
        409, "email_taken");
    ApiClient other = api.from("10.0.1.3");
    assertError(other.register("bad name", "a long passphrase"), 422, "invalid_username");
    assertError(other.register("admin", "a long passphrase"), 409, "username_taken");
    assertError(other.register("cecil", "short"), 422, "invalid_password");
    ApiClient third = api.from("10.0.1.4");
    assertError(third.post("/api/v1/accounts", null, new JsonObject().put("username", "cecil").put("password", "a long passphrase")),
        422, "missing_email");
    assertError(third.request(HttpMethod.POST, "/api/v1/accounts").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"username\": ")).await(), 400, "bad_request");
    assertError(third.request(HttpMethod.POST, "/api/v1/accounts").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("username=cecil")).await(), 415, "unsupported_media_type");
    // None of those left anything behind: the name is still free.
    assertEquals(201, api.from("10.0.1.5").register("cecil", "a long passphrase").statusCode());
  }

  @Test
  void aWrongPasswordAndAnUnknownNameGetTheSameAnswer() {
    api.newCitizen("dora");
    HttpResponse<Buffer> wrong = api.from("10.0.2.1").signInResponse("dora", "not her password");
    HttpResponse<Buffer> unknown = api.from("10.0.2.1").signInResponse("nobody", "not her password");
    assertEquals(401, wrong.statusCode());
    assertEquals(wrong.bodyAsString(), unknown.bodyAsString());
  }

  @Test
  void refreshRotatesTheTokenAndAReusedTokenEndsTheSession() {
    api.newCitizen("emil");
    Session session = api.signIn("emil", "password-of-emil");
    JsonObject refreshed = refresh(session.refreshToken());
    String next = refreshed.getString("refreshToken");
    assertNotEquals(session.refreshToken(), next);
    assertEquals(200, api.get("/api/v1/me", refreshed.getString("accessToken")).statusCode());

    // The first token again: someone else has it. The whole session ends.
    assertError(api.post("/api/v1/sessions/refresh", null, new JsonObject().put("refreshToken", session.refreshToken())),
        401, "session_ended");
    assertError(api.post("/api/v1/sessions/refresh", null, new JsonObject().put("refreshToken", next)), 401, "session_ended");
    assertEquals(401, api.get("/api/v1/me", refreshed.getString("accessToken")).statusCode(),
        "the session's access tokens end with it, before they expire");
  }

  @Test
  void signOutRevokesTheRefreshTokenAndTheSessionsAccessTokens() {
    api.newCitizen("fred");
    Session session = api.signIn("fred", "password-of-fred");
    Session other = api.signIn("fred", "password-of-fred");
    JsonObject body = new JsonObject().put("refreshToken", session.refreshToken());
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/sessions", null, body).statusCode());
    assertError(api.post("/api/v1/sessions/refresh", null, body), 401, "session_ended");
    assertEquals(401, api.get("/api/v1/me", session.accessToken()).statusCode());
    assertEquals(401, api.send(HttpMethod.DELETE, "/api/v1/sessions", null, body).statusCode(), "already ended");
    assertEquals(200, api.get("/api/v1/me", other.accessToken()).statusCode(), "other sessions go on");
  }

  @Test
  void changingThePasswordEndsEveryOtherSession() {
    api.newCitizen("gina");
    Session here = api.signIn("gina", "password-of-gina");
    Session elsewhere = api.signIn("gina", "password-of-gina");
    assertError(api.post("/api/v1/me/password", here.accessToken(),
        new JsonObject().put("currentPassword", "wrong").put("newPassword", "a brand new passphrase")), 403, "wrong_password");
    assertError(api.post("/api/v1/me/password", here.accessToken(),
        new JsonObject().put("currentPassword", "password-of-gina").put("newPassword", "short")), 422, "invalid_password");
    assertEquals(204, api.post("/api/v1/me/password", here.accessToken(),
        new JsonObject().put("currentPassword", "password-of-gina").put("newPassword", "a brand new passphrase")).statusCode());

    assertEquals(200, api.get("/api/v1/me", here.accessToken()).statusCode());
    assertEquals(401, api.get("/api/v1/me", elsewhere.accessToken()).statusCode());
    assertError(api.post("/api/v1/sessions/refresh", null, new JsonObject().put("refreshToken", elsewhere.refreshToken())),
        401, "session_ended");
    assertEquals(401, api.from("10.0.3.1").signInResponse("gina", "password-of-gina").statusCode());
    api.signIn("gina", "a brand new passphrase");
  }

  @Test
  void aProfileChangeIsStoredServedAndUpdatedToFollowers() {
    api.newCitizen("hanna");
    followFromPeer("hanna");
    Session session = api.signIn("hanna", "password-of-hanna");
    HttpResponse<Buffer> r = api.send(HttpMethod.PATCH, "/api/v1/me", session.accessToken(), new JsonObject()
        .put("displayName", "Hanna H.").put("bio", "Reads <everything>.\n\nTwice.").put("avatarUrl", "https://img.example/h.png"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("Reads <everything>.\n\nTwice.", r.bodyAsJsonObject().getString("bio"));

    JsonObject actor = torg.getActivityJson(vertx, "/users/hanna").send().await().bodyAsJsonObject();
    assertEquals("Hanna H.", actor.getString("name"));
    assertEquals("<p>Reads &lt;everything&gt;.</p><p>Twice.</p>", actor.getString("summary"), "plain text, escaped");
    assertEquals("https://img.example/h.png", actor.getJsonObject("icon").getString("url"));

    Eventually.holds("the peer received hanna's Update", Duration.ofSeconds(15), () -> peer.received().stream()
        .anyMatch(got -> "Update".equals(got.body().getString("type"))
            && "http://torg.test/users/hanna".equals(got.body().getString("actor"))
            && "Hanna H.".equals(got.body().getJsonObject("object").getString("name"))));

    assertError(api.send(HttpMethod.PATCH, "/api/v1/me", session.accessToken(), new JsonObject().put("avatarUrl", "javascript:alert(1)")),
        422, "invalid_avatar_url");
    assertError(api.send(HttpMethod.PATCH, "/api/v1/me", session.accessToken(), new JsonObject().put("displayName", 42)),
        422, "invalid_displayName");
    assertEquals("Hanna H.", torg.getActivityJson(vertx, "/users/hanna").send().await().bodyAsJsonObject().getString("name"),
        "a refused change changes nothing");
  }

  @Test
  void aDeletedAccountsActorAnswers410AndItsDeleteReachesRemoteFollowers() {
    api.newCitizen("ivar");
    followFromPeer("ivar");
    Session session = api.signIn("ivar", "password-of-ivar");
    assertError(api.send(HttpMethod.DELETE, "/api/v1/me", session.accessToken(), new JsonObject().put("password", "wrong")),
        403, "wrong_password");
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/me", session.accessToken(),
        new JsonObject().put("password", "password-of-ivar")).statusCode());

    HttpResponse<Buffer> actor = torg.getActivityJson(vertx, "/users/ivar").send().await();
    assertEquals(410, actor.statusCode());
    assertEquals("Tombstone", actor.bodyAsJsonObject().getString("type"));
    Eventually.holds("the remote follower's server received ivar's Delete", Duration.ofSeconds(15), () -> peer.received()
        .stream().anyMatch(got -> "Delete".equals(got.body().getString("type"))
            && "http://torg.test/users/ivar".equals(got.body().getString("actor"))
            && "http://torg.test/users/ivar".equals(got.body().getString("object"))));

    assertEquals(401, api.get("/api/v1/me", session.accessToken()).statusCode(), "its sessions ended");
    assertEquals(401, api.from("10.0.4.1").signInResponse("ivar", "password-of-ivar").statusCode());
    assertError(api.from("10.0.4.2").register("ivar", "a long passphrase"), 409, "username_taken");
    JsonObject row = torg.torg().services().pool().query("SELECT email, password_hash, state FROM account WHERE username = 'ivar'")
        .execute().await().iterator().next().toJson();
    assertNull(row.getString("email"));
    assertNull(row.getString("password_hash"));
    assertEquals("deleted", row.getString("state"));
  }

  private void followFromPeer(String username) {
    HttpResponse<Buffer> r = peer.post(torg.port(), "torg.test", "/users/" + username + "/inbox",
        peer.activity("Follow", "remotefan", "http://torg.test/users/" + username), "remotefan", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
    Eventually.holds("the peer received the Accept for " + username, Duration.ofSeconds(15), () -> peer.received().stream()
        .anyMatch(got -> "Accept".equals(got.body().getString("type"))
            && ("http://torg.test/users/" + username).equals(got.body().getString("actor"))));
  }

  private static JsonObject refresh(String refreshToken) {
    HttpResponse<Buffer> r = api.post("/api/v1/sessions/refresh", null, new JsonObject().put("refreshToken", refreshToken));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getString("error"), r.bodyAsString());
    assertTrue(r.bodyAsJsonObject().getString("message").length() > 5);
  }
}
