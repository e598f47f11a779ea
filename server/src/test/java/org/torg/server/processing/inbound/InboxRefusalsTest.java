package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.Digests;
import org.torg.federation.signature.HttpDates;
import org.torg.federation.signature.RsaKeys;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * What a cavage POST must sign, with the header sets real servers send; refusals that cost no key
 * fetch; and 401 bodies that say what failed but not how Torg's fetch guard decided.
 */
class InboxRefusalsTest {

  static Vertx vertx;
  static RunningTorg torg;
  /** A Torg as in production: no fetch from loopback or over plain http. */
  static RunningTorg guarded;
  static FakePeer peer;
  static Actor group;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    guarded = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "https://guarded.test"));
    group = torg.torg().services().localActors().create(ActorType.Group, "refusals", "Refusals", null, false).await();
    peer = FakePeer.start(vertx);
  }

  @AfterAll
  static void stop() {
    peer.close();
    guarded.close();
    torg.close();
    vertx.close().await();
  }

  /**
   * POSTs {@code activity} signed by hand (not by Torg's signer) over {@code covered}, with
   * {@code headers} sent as given: the signing string is what the draft defines.
   */
  private static HttpResponse<Buffer> postSignedOver(RunningTorg target, String host, String covered, Map<String, String> headers,
      byte[] body, String keyId, PrivateKey key) throws Exception {
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
    lower.put("host", host);
    String signingString = List.of(covered.split(" ")).stream()
        .map(h -> h.equals("(request-target)") ? h + ": post /inbox" : h + ": " + lower.get(h))
        .collect(Collectors.joining("\n"));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingString.getBytes(StandardCharsets.UTF_8));
    var request = WebClient.create(vertx).post(target.port(), "127.0.0.1", "/inbox");
    headers.forEach(request::putHeader);
    request.putHeader("Host", host);
    request.putHeader("Signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"" + covered
        + "\",signature=\"" + Base64.getEncoder().encodeToString(rsa.sign()) + "\"");
    return request.sendBuffer(Buffer.buffer(body)).await();
  }

  private static HttpResponse<Buffer> followSignedOver(String name, String covered, Map<String, String> extra) throws Exception {
    byte[] body = peer.activity("Follow", name, group.uri()).encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>(Map.of(
        "Content-Type", "application/activity+json",
        "Date", HttpDates.format(Instant.now()),
        "Digest", Digests.digestHeader(body),
        "Accept", "application/activity+json",
        "User-Agent", "peer/1.0",
        "Content-Length", Integer.toString(body.length)));
    headers.putAll(extra);
    headers.values().removeIf(String::isEmpty);
    return postSignedOver(torg, "torg.test", covered, headers, body, peer.keyId(name), peer.privateKey(name));
  }

  @Test
  void aBodyHoldingANulCharacterIsRefusedAsMalformedAndNothingIsStored() {
    peer.addActor("nul");
    JsonObject follow = peer.activity("Follow", "nul", group.uri()).put("summary", "before\u0000after");
    HttpResponse<Buffer> r = peer.post(torg.port(), "torg.test", "/inbox", follow, "nul", org.torg.federation.signature.SignatureFormat.RFC9421);
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertEquals("nul_character", r.bodyAsJsonObject().getString("error"));
    long stored = torg.torg().services().pool().query("SELECT count(*) FROM inbox_activity WHERE activity_uri = '"
        + follow.getString("id") + "'").execute().await().iterator().next().getLong(0);
    assertEquals(0, stored);
    // An escaped backslash followed by u0000 is only text, and is taken.
    JsonObject literal = peer.activity("Follow", "nul", group.uri()).put("summary", "a \\u0000 b");
    assertEquals(202, peer.post(torg.port(), "torg.test", "/inbox", literal, "nul",
        org.torg.federation.signature.SignatureFormat.RFC9421).statusCode());
  }

  @Test
  void aCavagePostCoveringOnlyDateAndDigestIsRefusedWithoutAKeyFetch() throws Exception {
    peer.addActor("narrow");
    int gets = peer.gets();
    HttpResponse<Buffer> r = followSignedOver("narrow", "date digest", Map.of());
    assertEquals(401, r.statusCode(), r.bodyAsString());
    assertEquals("signature_missing_header", r.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> noHost = followSignedOver("narrow", "(request-target) date digest", Map.of());
    assertEquals("signature_missing_header", noHost.bodyAsJsonObject().getString("error"), "host is required on a POST too");
    assertEquals(gets, peer.gets(), "no key was fetched");
  }

  @Test
  void theHeaderSetsMastodonGoToSocialMisskeyAndFedifySignArePassed() throws Exception {
    Map<String, String> peers = Map.of(
        "mastodon", "(request-target) host date digest content-type",
        "gotosocial", "(request-target) host date digest",
        "misskey", "(request-target) date host digest",
        "fedify", "(request-target) accept content-length content-type date digest host user-agent");
    for (var e : peers.entrySet()) {
      peer.addActor(e.getKey());
      HttpResponse<Buffer> r = followSignedOver(e.getKey(), e.getValue(), Map.of());
      assertEquals(202, r.statusCode(), e.getKey() + ": " + r.bodyAsString());
    }
  }

  @Test
  void aRequestWithoutOrWithAMalformedDigestCausesNoKeyFetch() throws Exception {
    peer.addActor("nodigest");
    int gets = peer.gets();
    HttpResponse<Buffer> absent = followSignedOver("nodigest", "(request-target) host date digest", Map.of("Digest", ""));
    assertEquals(401, absent.statusCode());
    assertEquals("signature_missing_header", absent.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> unsigned = followSignedOver("nodigest", "(request-target) host date", Map.of("Digest", ""));
    assertEquals("signature_digest_missing", unsigned.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> hex = followSignedOver("nodigest", "(request-target) host date digest", Map.of("Digest", "SHA-256=" + "0f".repeat(32)));
    assertEquals("signature_digest_malformed", hex.bodyAsJsonObject().getString("error"));
    assertEquals(gets, peer.gets(), "no key was fetched for any of them");
  }

  @Test
  void a401SaysTheKeyIsUnavailableButNotWhatTheFetchGuardRefused() throws Exception {
    for (String origin : List.of("http://127.0.0.1:9", "https://127.0.0.1:9")) {
      JsonObject follow = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
          .put("id", origin + "/activities/1").put("type", "Follow")
          .put("actor", origin + "/users/probe").put("object", "https://guarded.test/actor");
      byte[] body = follow.encode().getBytes(StandardCharsets.UTF_8);
      HttpResponse<Buffer> r = postSignedOver(guarded, "guarded.test", "(request-target) host date digest",
          Map.of("Content-Type", "application/activity+json", "Date", HttpDates.format(Instant.now()), "Digest", Digests.digestHeader(body)),
          body, origin + "/users/probe#main-key", RsaKeys.generate().getPrivate());
      assertEquals(401, r.statusCode(), r.bodyAsString());
      assertEquals("signature_key_unavailable", r.bodyAsJsonObject().getString("error"));
      String text = r.bodyAsString().toLowerCase(Locale.ROOT);
      for (String guardText : List.of("refusing", "resolves to", "loopback", "private", "http: url", "not allowed", "address")) {
        assertFalse(text.contains(guardText), origin + ": the 401 tells '" + guardText + "': " + text);
      }
    }
  }
}
