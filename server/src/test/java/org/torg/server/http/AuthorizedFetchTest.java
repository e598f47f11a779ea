package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignedGetForm;
import org.torg.server.support.ApiClient;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * federation.authorized_fetch on: ActivityPub GETs need a valid signature, in any of the forms
 * Torg itself knocks with, but for the instance actor and actors' keys; moderation decides what
 * a signer sees; HTML pages stay public.
 */
class AuthorizedFetchTest {

  static Vertx vertx;
  static RunningTorg torg;
  static FakePeer peer;
  static ApiClient api;
  static String admin;
  static String postUri;
  static String postPath;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_FEDERATION_AUTHORIZED_FETCH", "true"));
    peer = FakePeer.start(vertx);
    for (String name : new String[] {"reader", "banned"}) {
      peer.addActor(name);
    }
    api = torg.api(vertx);
    admin = api.newAdmin("chair").accessToken();
    assertEquals(201, api.post("/api/v1/groups", admin, new JsonObject().put("name", "closedbranch")).statusCode());
    JsonObject thread = api.post("/api/v1/groups/closedbranch/threads", admin,
        new JsonObject().put("title", "Budget").put("content", "The budget for next year.")).bodyAsJsonObject();
    postUri = thread.getJsonObject("root").getString("uri");
    postPath = URI.create(postUri).getRawPath();
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private HttpResponse<Buffer> get(String path, String signer, SignedGetForm form) {
    var request = torg.getActivityJson(vertx, path);
    if (signer != null) {
      Map<String, String> headers = HttpSigner.signGet(form, URI.create("http://torg.test" + path),
          Map.of("Accept", "application/activity+json"), peer.keyId(signer), peer.privateKey(signer), Instant.now());
      headers.forEach(request::putHeader);
    }
    return request.send().await();
  }

  @Test
  void anUnsignedGetOfAPostIs401WhileTheInstanceActorStaysReadable() {
    HttpResponse<Buffer> post = get(postPath, null, null);
    assertEquals(401, post.statusCode(), post.bodyAsString());
    assertEquals("signature_required", post.bodyAsJsonObject().getString("error"));
    assertEquals(401, get("/threads/" + postPath.substring("/posts/".length()), null, null).statusCode());
    assertEquals(401, get("/groups/closedbranch/outbox", null, null).statusCode());
    HttpResponse<Buffer> instance = get("/actor", null, null);
    assertEquals(200, instance.statusCode());
    assertTrue(instance.bodyAsJsonObject().containsKey("publicKey"));
  }

  @Test
  void anUnsignedGetOfAnActorGetsItsKeysOnly() {
    JsonObject group = get("/groups/closedbranch", null, null).bodyAsJsonObject();
    assertTrue(group.containsKey("publicKey") && group.containsKey("assertionMethod"), group.encode());
    assertFalse(group.containsKey("summary") || group.containsKey("followers"), "a profile for an unsigned GET: " + group.encode());
    JsonObject signed = get("/groups/closedbranch", "reader", SignedGetForm.RFC9421).bodyAsJsonObject();
    assertTrue(signed.containsKey("summary") && signed.containsKey("followers"), signed.encode());
  }

  @Test
  void everyFormTorgKnocksWithIsVerified() {
    for (SignedGetForm form : SignedGetForm.values()) {
      HttpResponse<Buffer> r = get(postPath, "reader", form);
      assertEquals(200, r.statusCode(), form + ": " + r.bodyAsString());
      assertEquals(postUri, r.bodyAsJsonObject().getString("id"));
    }
    HttpResponse<Buffer> page = get("/groups/closedbranch/outbox?page=1", "reader", SignedGetForm.CAVAGE_PATH_ONLY);
    assertEquals(200, page.statusCode(), page.bodyAsString());
  }

  @Test
  void aBadSignatureIs401WithItsReason() {
    var request = torg.getActivityJson(vertx, postPath);
    HttpSigner.signGet(SignedGetForm.RFC9421, URI.create("http://torg.test" + postPath), Map.of("Accept", "application/activity+json"),
        peer.keyId("reader"), RsaKeys.generate().getPrivate(), Instant.now()).forEach(request::putHeader);
    HttpResponse<Buffer> r = request.send().await();
    assertEquals(401, r.statusCode());
    assertEquals("signature_bad_signature", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void anActorBannedFromTheGroupDoesNotSeeItsThreads() {
    assertEquals(200, get(postPath, "banned", SignedGetForm.CAVAGE).statusCode(), "known to Torg before the ban");
    HttpResponse<Buffer> ban = api.post("/api/v1/groups/closedbranch/bans", admin,
        new JsonObject().put("account", peer.actorUri("banned")).put("reason", "test"));
    assertEquals(201, ban.statusCode(), ban.bodyAsString());
    assertEquals(404, get(postPath, "banned", SignedGetForm.CAVAGE).statusCode());
    assertEquals(404, get("/groups/closedbranch/outbox", "banned", SignedGetForm.RFC9421).statusCode());
    assertEquals(200, get(postPath, "reader", SignedGetForm.CAVAGE).statusCode(), "others still see it");
  }

  @Test
  void htmlPagesStayPublic() {
    HttpResponse<Buffer> page = WebClient.create(vertx).get(torg.port(), "127.0.0.1", postPath).putHeader("Accept", "text/html")
        .send().await();
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
  }
}
