package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.Color;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.TestMedia;

/**
 * Profiles (README "Profile and settings"): fields, avatar and header through the media
 * pipeline, languages; the actor document and the signed Update a remote follower gets carry
 * icon, image and attachment; bad input is a 4xx with a reason and changes nothing.
 */
class ProfileApiTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://profile.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_MEDIA_MAX_UPLOAD_BYTES", "300000"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    peer.addActor("fan");
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> patch(String token, JsonObject body) {
    return api.send(HttpMethod.PATCH, "/api/v1/me", token, body);
  }

  private static HttpResponse<Buffer> upload(String path, String token, byte[] bytes, String description) {
    MultipartForm form = MultipartForm.create();
    if (description != null) {
      form.attribute("description", description);
    }
    form.binaryFileUpload("file", "upload.bin", Buffer.buffer(bytes), "image/png");
    return api.request(HttpMethod.POST, path).putHeader("Authorization", "Bearer " + token).sendMultipartForm(form).await();
  }

  private static JsonObject actorDocument(String username) {
    HttpResponse<Buffer> r = torg.get(vertx, "/users/" + username).putHeader("Accept", "application/activity+json").send().await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static void followFromPeer(String username) {
    HttpResponse<Buffer> r = peer.post(torg.port(), "profile.test", "/users/" + username + "/inbox",
        peer.activity("Follow", "fan", "http://profile.test/users/" + username), "fan", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
    Eventually.holds("the peer got the Accept", Duration.ofSeconds(15), () -> peer.received().stream()
        .anyMatch(got -> "Accept".equals(got.body().getString("type"))
            && ("http://profile.test/users/" + username).equals(got.body().getString("actor"))));
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getString("error"), r.bodyAsString());
    assertTrue(r.bodyAsJsonObject().getString("message").length() > 5);
  }

  @Test
  void fieldsAvatarAndHeaderGoIntoTheActorAndItsSignedUpdate() {
    String token = api.newCitizen("astrid").accessToken();
    followFromPeer("astrid");

    HttpResponse<Buffer> avatar = upload("/api/v1/me/avatar", token, TestMedia.jpegWithGps(64, 64), null);
    assertEquals(200, avatar.statusCode(), "no alt text needed for an avatar: " + avatar.bodyAsString());
    String avatarUrl = avatar.bodyAsJsonObject().getString("avatarUrl");
    assertTrue(avatarUrl.startsWith("http://profile.test/media/"), avatarUrl);
    HttpResponse<Buffer> file = torg.get(vertx, avatarUrl.substring("http://profile.test".length())).send().await();
    assertEquals(200, file.statusCode());
    assertFalse(TestMedia.contains(file.body().getBytes(), TestMedia.EXIF_MARKER.getBytes()), "re-encoded without its EXIF");

    // A header from the ordinary upload route, named by its id.
    HttpResponse<Buffer> media = upload("/api/v1/media", token, TestMedia.image("png", 300, 100, Color.BLUE), "A blue sky");
    assertEquals(200, media.statusCode(), media.bodyAsString());
    String mediaId = media.bodyAsJsonObject().getString("id");
    JsonArray fields = new JsonArray()
        .add(new JsonObject().put("name", "Website").put("value", "https://astrid.example/about"))
        .add(new JsonObject().put("name", "Pronouns").put("value", "she/her <b>bold</b>"));
    HttpResponse<Buffer> r = patch(token, new JsonObject().put("displayName", "Astrid L").put("header", mediaId)
        .put("fields", fields).put("defaultLanguage", "sv").put("uiLanguage", "nb"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject me = r.bodyAsJsonObject();
    assertEquals("sv", me.getString("defaultLanguage"));
    assertEquals("nb", me.getString("uiLanguage"));
    String headerUrl = me.getString("headerUrl");
    assertTrue(headerUrl.startsWith("http://profile.test/media/"), headerUrl);
    assertEquals("https://astrid.example/about", me.getJsonArray("fields").getJsonObject(0).getString("value"));

    JsonObject doc = actorDocument("astrid");
    assertEquals(avatarUrl, doc.getJsonObject("icon").getString("url"));
    assertEquals(headerUrl, doc.getJsonObject("image").getString("url"));
    JsonArray attachment = doc.getJsonArray("attachment");
    assertEquals(2, attachment.size());
    JsonObject website = attachment.getJsonObject(0);
    assertEquals("PropertyValue", website.getString("type"));
    assertEquals("Website", website.getString("name"));
    assertEquals("<a href=\"https://astrid.example/about\" rel=\"me nofollow noopener\" target=\"_blank\">astrid.example/about</a>",
        website.getString("value"));
    assertEquals("she/her &lt;b&gt;bold&lt;/b&gt;", attachment.getJsonObject(1).getString("value"), "text, never markup");
    JsonArray context = doc.getJsonArray("@context");
    JsonObject terms = context.getJsonObject(context.size() - 1);
    assertEquals("http://schema.org#", terms.getString("schema"));
    assertEquals("schema:PropertyValue", terms.getString("PropertyValue"));
    assertEquals("schema:value", terms.getString("value"));

    Eventually.holds("the follower's server got the signed Update with icon, image and attachment", Duration.ofSeconds(15),
        () -> peer.received().stream().anyMatch(got -> "Update".equals(got.body().getString("type"))
            && got.headers().containsKey("signature")
            && got.body().getJsonObject("object").getJsonArray("attachment") != null
            && got.body().getJsonObject("object").getJsonArray("attachment").size() == 2
            && got.body().getJsonObject("object").containsKey("image")
            && avatarUrl.equals(got.body().getJsonObject("object").getJsonObject("icon").getString("url"))));

    // The profile page shows them; the upload is the profile's now, so no post can take it.
    String page = torg.get(vertx, "/users/astrid").putHeader("Accept", "text/html").send().await().bodyAsString();
    assertTrue(page.contains("rel=\"me nofollow noopener\""), page);
    assertTrue(page.contains(headerUrl) && page.contains(avatarUrl));
    Object profileOf = torg.torg().services().pool().query("SELECT profile_of FROM media WHERE id = " + mediaId).execute().await()
        .iterator().next().getValue(0);
    assertTrue(profileOf != null, "kept from the sweep of unattached uploads");

    // Empty clears.
    HttpResponse<Buffer> cleared = patch(token, new JsonObject().put("avatar", "").put("header", "").put("fields", new JsonArray()));
    assertEquals(200, cleared.statusCode(), cleared.bodyAsString());
    JsonObject after = actorDocument("astrid");
    assertFalse(after.containsKey("icon"));
    assertFalse(after.containsKey("image"));
    assertFalse(after.containsKey("attachment"));
    assertNull(torg.torg().services().pool().query("SELECT profile_of FROM media WHERE id = " + mediaId).execute().await()
        .iterator().next().getValue(0), "released to the sweep");
  }

  @Test
  void badInputIsRefusedWithAReasonAndChangesNothing() {
    String token = api.newCitizen("bengt").accessToken();
    String other = api.newCitizen("cilla").accessToken();
    assertEquals(200, patch(token, new JsonObject().put("fields", new JsonArray()
        .add(new JsonObject().put("name", "Town").put("value", "Umeå")))).statusCode());
    JsonObject before = api.get("/api/v1/me", token).bodyAsJsonObject();

    JsonArray five = new JsonArray();
    for (int i = 0; i < 5; i++) {
      five.add(new JsonObject().put("name", "n" + i).put("value", "v" + i));
    }
    assertError(patch(token, new JsonObject().put("displayName", "Changed").put("fields", five)), 422, "too_many_fields");
    assertError(patch(token, new JsonObject().put("fields", new JsonArray()
        .add(new JsonObject().put("name", "x".repeat(256)).put("value", "y")))), 422, "field_too_long");
    assertError(patch(token, new JsonObject().put("fields", new JsonArray()
        .add(new JsonObject().put("name", "x").put("value", "y".repeat(256))))), 422, "field_too_long");
    assertError(patch(token, new JsonObject().put("fields", "Town: Umeå")), 422, "invalid_fields");
    assertError(patch(token, new JsonObject().put("fields", new JsonArray().add(new JsonObject().put("name", 3)))), 422,
        "invalid_fields");
    assertError(patch(token, new JsonObject().put("fields", new JsonArray().add(new JsonObject().put("value", "no name")))),
        422, "invalid_fields");
    assertError(patch(token, new JsonObject().put("defaultLanguage", "klingon")), 422, "invalid_default_language");
    assertError(patch(token, new JsonObject().put("uiLanguage", "de")), 422, "invalid_ui_language");
    assertError(patch(token, new JsonObject().put("avatar", "not-a-number")), 422, "invalid_avatar");
    String othersUpload = upload("/api/v1/media", other, TestMedia.image("png", 20, 20, Color.RED), "Red").bodyAsJsonObject()
        .getString("id");
    assertError(patch(token, new JsonObject().put("displayName", "Changed").put("header", othersUpload)), 422, "invalid_header");
    assertError(upload("/api/v1/me/avatar", token, TestMedia.pdf(), null), 422, "image_required");
    assertError(upload("/api/v1/me/header", token, "just text".getBytes(), null), 422, "unsupported_media_type");
    assertEquals(401, upload("/api/v1/me/avatar", null, TestMedia.image("png", 20, 20, Color.RED), null).statusCode());

    JsonObject after = api.get("/api/v1/me", token).bodyAsJsonObject();
    assertEquals(before.encode(), after.encode(), "nothing was stored");
    assertEquals(0L, torg.torg().services().pool().query("SELECT count(*) FROM media m JOIN account a ON a.actor_id = m.owner_id"
        + " WHERE a.username = 'bengt'").execute().await().iterator().next().getLong(0), "no refused image was kept");
  }

  @Test
  void theDefaultLanguageNamesNewPosts() {
    String admin = api.newAdmin("dagny").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "sprak"));
    assertEquals(200, patch(admin, new JsonObject().put("defaultLanguage", "sv")).statusCode());
    JsonObject thread = api.post("/api/v1/groups/sprak/threads", admin,
        new JsonObject().put("title", "Skolor").put("content", "Skolorna behöver fler lärare.")).bodyAsJsonObject();
    String rootId = thread.getJsonObject("root").getString("id");
    HttpResponse<Buffer> note = torg.get(vertx, "/posts/" + rootId).putHeader("Accept", "application/activity+json").send().await();
    assertTrue(note.bodyAsJsonObject().getJsonObject("contentMap").containsKey("sv"), note.bodyAsString());
    String stored = torg.torg().services().pool().query("SELECT language, search_config::text FROM post WHERE id = " + rootId)
        .execute().await().iterator().next().toJson().encode();
    assertTrue(stored.contains("swedish"), "search stems it by the Swedish configuration: " + stored);
  }

  @Test
  void aRemoteActorsHeaderAndFieldsAreKeptSanitized() {
    peer.addActor("rich");
    JsonArray attachment = new JsonArray()
        .add(new JsonObject().put("type", "PropertyValue").put("name", "Site")
            .put("value", "<a href=\"https://rich.example\" onclick=\"steal()\">rich.example</a><script>alert(1)</script>"))
        .add(new JsonObject().put("type", "Link").put("name", "not a field").put("href", "https://x.example"))
        .add(new JsonObject().put("type", "PropertyValue").put("name", "Evil").put("value", "<img src=x onerror=alert(1)>ok"));
    for (int i = 0; i < 6; i++) {
      attachment.add(new JsonObject().put("type", "PropertyValue").put("name", "extra" + i).put("value", "v"));
    }
    // The peer's images, on a file server of their own: Torg fetches them once, into its cache.
    java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
    byte[] png = TestMedia.image("png", 30, 30, Color.MAGENTA);
    var files = vertx.createHttpServer().requestHandler(req -> {
      fetches.incrementAndGet();
      req.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(png));
    }).listen(0, "127.0.0.176").await();
    String filesBase = "http://127.0.0.176:" + files.actualPort();
    peer.setActorProperties("rich", new JsonObject().put("attachment", attachment)
        .put("icon", new JsonObject().put("type", "Image").put("url", filesBase + "/avatar.png"))
        .put("image", new JsonObject().put("type", "Image").put("url", filesBase + "/header.png")));
    String token = api.newCitizen("erik").accessToken();
    HttpResponse<Buffer> resolved = api.get("/api/v1/resolve?q=" + java.net.URLEncoder.encode(peer.actorUri("rich"),
        java.nio.charset.StandardCharsets.UTF_8), token);
    assertEquals(200, resolved.statusCode(), resolved.bodyAsString());
    var row = torg.torg().services().pool().preparedQuery("SELECT p.header_url, p.fields FROM actor_profile p JOIN actor a"
        + " ON a.id = p.actor_id WHERE a.uri = $1").execute(io.vertx.sqlclient.Tuple.of(peer.actorUri("rich"))).await()
        .iterator().next();
    assertEquals(filesBase + "/header.png", row.getString("header_url"));
    JsonArray fields = (JsonArray) row.getValue("fields");
    assertEquals(4, fields.size(), "Links skipped, at most profiles.max_fields: " + fields.encode());
    String site = fields.getJsonObject(0).getString("value");
    assertTrue(site.contains("href=\"https://rich.example\"") && !site.contains("onclick") && !site.contains("script"), site);
    assertEquals("ok", fields.getJsonObject(1).getString("value"));

    long actorId = torg.torg().services().actors().findByUri(peer.actorUri("rich")).await().orElseThrow().id();
    for (String which : new String[] {"icon", "header", "icon"}) {
      HttpResponse<Buffer> image = torg.get(vertx, "/media/actors/" + actorId + "/" + which).send().await();
      assertEquals(200, image.statusCode(), which + ": " + image.bodyAsString());
      assertEquals("image/png", image.getHeader("Content-Type"));
      assertEquals(png.length, image.body().length());
    }
    assertEquals(2, fetches.get(), "each image fetched once, then served from the cache");
    assertEquals(404, torg.get(vertx, "/media/actors/" + actorId + "x/icon").send().await().statusCode());
    files.close().await();
  }
}
