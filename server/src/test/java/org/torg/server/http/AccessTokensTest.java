package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.processing.accounts.AccessTokens;
import org.torg.server.processing.accounts.SessionKeys;
import org.torg.server.support.ApiClient;
import org.torg.server.support.ApiClient.Session;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;

/**
 * Access tokens at the API's door: only ES256 JWTs signed by a current key of this instance, for
 * this instance, unexpired, naming a live session get in; everything else is 401. Key rotation
 * keeps earlier tokens valid until they expire. The clock is the test's, so nothing waits.
 */
class AccessTokensTest {

  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static ApiClient api;
  static AccessTokens tokens;
  static SessionKeys keys;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_SESSIONS_ACCESS_TOKEN_MINUTES", "15"), clock);
    api = torg.api(vertx);
    tokens = torg.torg().services().accounts().accessTokens();
    keys = torg.torg().services().accounts().sessionKeys();
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> me(String token) {
    return api.get("/api/v1/me", token);
  }

  private static void assertRefused(String token, String why) {
    HttpResponse<Buffer> r = me(token);
    assertEquals(401, r.statusCode(), why + ": " + r.bodyAsString());
    assertEquals("invalid_token", r.bodyAsJsonObject().getString("error"), why);
    assertTrue(r.getHeader("WWW-Authenticate").startsWith("Bearer"), why);
  }

  /** The claims a real token of this session carries, as a builder to change one thing. */
  private static JWTClaimsSet.Builder claimsOf(String token) throws Exception {
    return new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet());
  }

  @Test
  void aValidTokenGetsIn() {
    Session s = api.newCitizen("valid");
    assertEquals(200, me(s.accessToken()).statusCode());
    assertEquals(401, me(null).statusCode(), "no token, no account");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    Session s = api.newCitizen("expired");
    Date past = Date.from(clock.instant().minusSeconds(60));
    String expired = tokens.sign(claimsOf(s.accessToken()).expirationTime(past).build()).await();
    assertRefused(expired, "expired a minute ago");
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    Session victim = api.newCitizen("victim");
    Session attacker = api.newCitizen("attacker");
    String[] parts = attacker.accessToken().split("\\.");
    String victimPayload = victim.accessToken().split("\\.")[1];
    assertRefused(parts[0] + "." + victimPayload + "." + parts[2], "another token's payload under this signature");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String longer = payload.replaceFirst("\"exp\":(\\d+)", "\"exp\":9$1");
    assertRefused(parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(longer.getBytes(StandardCharsets.UTF_8))
        + "." + parts[2], "a stretched expiry");
    assertRefused(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA", "a changed signature");
    assertRefused("not.a.jwt", "garbage");
  }

  @Test
  void aTokenSignedWithAnUnknownKidIsRefused() throws Exception {
    Session s = api.newCitizen("unknownkid");
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("not-one-of-ours").generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(stranger.getKeyID())
        .type(new JOSEObjectType("at+jwt")).build(), claimsOf(s.accessToken()).build());
    forged.sign(new ECDSASigner(stranger));
    assertRefused(forged.serialize(), "unknown kid");

    // Our kid, a stranger's key: the signature does not verify.
    SignedJWT wrongKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.signing().kid())
        .type(new JOSEObjectType("at+jwt")).build(), claimsOf(s.accessToken()).build());
    wrongKey.sign(new ECDSASigner(stranger));
    assertRefused(wrongKey.serialize(), "our kid, another key");
  }

  @Test
  void algNoneAndOtherAlgorithmsAreRefused() throws Exception {
    Session s = api.newCitizen("algnone");
    String unsecured = new PlainJWT(claimsOf(s.accessToken()).build()).serialize();
    assertRefused(unsecured, "alg none");
    String noneWithSignature = unsecured + "c2lnbmF0dXJl";
    assertRefused(noneWithSignature, "alg none with a signature part");

    // HS256 keyed with something public (the classic key-confusion attack) must not pass either.
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.signing().kid())
        .type(new JOSEObjectType("at+jwt")).build(), claimsOf(s.accessToken()).build());
    hmac.sign(new MACSigner("a public value that is at least 256 bits long!!".getBytes(StandardCharsets.UTF_8)));
    assertRefused(hmac.serialize(), "HS256");
  }

  @Test
  void aTokenForAnotherIssuerOrAudienceIsRefused() throws Exception {
    Session s = api.newCitizen("audience");
    assertRefused(tokens.sign(claimsOf(s.accessToken()).audience("http://elsewhere.test").build()).await(), "another audience");
    assertRefused(tokens.sign(claimsOf(s.accessToken()).issuer("http://elsewhere.test").build()).await(), "another issuer");
  }

  @Test
  void aRotatedKeyStillVerifiesItsTokensUntilTheyExpire() throws Exception {
    Session s = api.newCitizen("rotation");
    String oldKid = SignedJWT.parse(s.accessToken()).getHeader().getKeyID();
    // A token from the old key that claims to live for a day: the old key must not outlive the
    // lifetime real tokens have, so this one is refused once that lifetime has passed.
    String overlong = tokens.sign(claimsOf(s.accessToken()).expirationTime(Date.from(clock.instant().plus(Duration.ofDays(1))))
        .build()).await();

    keys.rotate().await();
    String newToken = api.post("/api/v1/sessions/refresh", null,
        new io.vertx.core.json.JsonObject().put("refreshToken", s.refreshToken())).bodyAsJsonObject().getString("accessToken");
    String newKid = SignedJWT.parse(newToken).getHeader().getKeyID();
    assertTrue(!newKid.equals(oldKid), "a new key signs after the rotation");
    assertEquals(200, me(newToken).statusCode());
    assertEquals(200, me(overlong).statusCode(), "the old key still verifies right after the rotation");

    clock.advance(Duration.ofMinutes(16));
    keys.rotateIfDue().await();
    assertRefused(overlong, "the old key retired once every token it signed for real had expired");
    assertRefused(s.accessToken(), "the old session's first token expired");
  }
}
