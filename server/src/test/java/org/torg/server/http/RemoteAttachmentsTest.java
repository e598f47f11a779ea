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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.model.MediaAttachment;
import org.torg.server.model.Post;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;

/**
 * A remote reply's attachments as a peer sends them: kept as metadata within INTEROP's caps,
 * shown on the thread page through Torg's URLs (never the peer's), only as a link once the
 * peer's domain is blocked with reject_media; an Update replaces them, and the ones it drops are
 * swept.
 */
class RemoteAttachmentsTest {

  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static String admin;
  static String writer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://attachments.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_MEDIA_SWEEP_SECONDS", "1", "TORG_MEDIA_UNATTACHED_HOURS", "1"), clock);
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    peer.addActor("ola");
    admin = api.newAdmin("chair").accessToken();
    writer = api.newCitizen("writer").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "torget").put("displayName", "Torget"));
    api.send(HttpMethod.PUT, "/api/v1/groups/torget/members/writer", admin, new JsonObject().put("role", "member"));
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  static JsonObject image(String name, String file) {
    return new JsonObject().put("type", "Document").put("mediaType", "image/png").put("url", peer.base() + "/files/" + file)
        .put("name", name).put("blurhash", "LKO2?U%2Tw=w]~RBVZRi};RPxuwH").put("width", 640).put("height", 480);
  }

  static void send(String type, JsonObject note) {
    HttpResponse<Buffer> r = peer.post(torg.port(), "attachments.test", "/inbox", peer.activity(type, "ola", note), "ola",
        SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
  }

  static Post stored(String uri) {
    Eventually.holds("the reply is stored", Duration.ofSeconds(15),
        () -> torg.torg().services().posts().posts().findByUri(uri).await().isPresent());
    return torg.torg().services().posts().posts().findByUri(uri).await().orElseThrow();
  }

  static String page(String path) {
    HttpResponse<Buffer> r = torg.get(vertx, path).putHeader("Accept", "text/html").send().await();
    assertEquals(200, r.statusCode());
    return r.bodyAsString();
  }

  @Test
  void aRemoteReplysAttachmentsAreKeptShownThroughTorgAndReplacedByAnUpdate() {
    JsonObject thread = api.post("/api/v1/groups/torget/threads", writer, new JsonObject().put("title", "Hamnen")
        .put("content", "Bilder från hamnen?")).bodyAsJsonObject();
    String noteId = peer.base() + "/notes/" + UUID.randomUUID();
    JsonArray attachments = new JsonArray()
        .add(image("Boats at dusk", "boats.png"))
        .add(new JsonObject().put("type", "Link").put("href", peer.base() + "/article").put("mediaType", "text/html"))
        .add(new JsonObject().put("type", "Document").put("mediaType", "application/pdf").put("url", peer.base() + "/files/plan.pdf")
            .put("name", "p".repeat(2000)))
        .add(image("Two", "2.png")).add(image("Three", "3.png")).add(image("Four", "4.png"));
    JsonObject note = new JsonObject().put("id", noteId).put("type", "Note").put("attributedTo", peer.actorUri("ola"))
        .put("inReplyTo", thread.getJsonObject("root").getString("uri")).put("content", "<p>Here are some.</p>")
        .put("published", Instant.now().toString()).put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("attachment", attachments);
    send("Create", note);

    Post reply = stored(noteId);
    List<MediaAttachment> kept = reply.attachments();
    assertEquals(4, kept.size(), "at most 4, the Link skipped: " + kept);
    MediaAttachment boats = kept.get(0);
    assertEquals(MediaAttachment.Kind.image, boats.kind());
    assertEquals("Boats at dusk", boats.description());
    assertEquals("LKO2?U%2Tw=w]~RBVZRi};RPxuwH", boats.blurhash());
    assertEquals(640, boats.width());
    assertEquals(MediaAttachment.Kind.document, kept.get(1).kind());
    assertEquals(1500, kept.get(1).description().length(), "alt text is cut at 1500 characters");
    assertNull(boats.storageKey(), "nothing fetched on arrival");
    assertEquals(0, peer.getsOf("/files/boats.png"));

    String html = page("/threads/" + thread.getString("id"));
    assertTrue(html.contains("<img src=\"/media/remote/" + boats.id() + "\" alt=\"Boats at dusk\""), html);
    assertTrue(html.contains("href=\"/media/remote/" + kept.get(1).id() + "\""), html);
    assertFalse(html.contains(peer.base() + "/files/"), "the page never names the peer's files");

    // reject_media: the page links to the original instead, and Torg fetches nothing.
    assertEquals(201, api.post("/api/v1/admin/domain-blocks", admin, new JsonObject().put("domain", peer.authority().split(":")[0])
        .put("severity", "reject_media").put("reason", "test")).statusCode());
    api.post("/api/v1/posts/" + thread.getJsonObject("root").getString("id") + "/replies", writer,
        new JsonObject().put("content", "Tack!"));
    String blocked = page("/threads/" + thread.getString("id"));
    assertFalse(blocked.contains("<img src=\"/media/remote/" + boats.id()), blocked);
    assertTrue(blocked.contains("<a href=\"" + peer.base() + "/files/boats.png\" rel=\"nofollow noopener noreferrer\">"), blocked);
    assertEquals(403, torg.get(vertx, "/media/remote/" + boats.id()).send().await().statusCode());
    assertEquals(0, peer.getsOf("/files/boats.png"));

    // The author's Update lists one other attachment: it replaces the four.
    JsonObject updated = note.copy().put("updated", Instant.now().plusSeconds(1).toString())
        .put("attachment", new JsonArray().add(image("Only this one", "only.png")));
    send("Update", updated);
    Eventually.holds("the Update replaced the attachments", Duration.ofSeconds(15), () -> {
      List<MediaAttachment> now = torg.torg().services().posts().posts().findByUri(noteId).await().orElseThrow().attachments();
      return now.size() == 1 && "Only this one".equals(now.get(0).description());
    });
    // The four left unattached go with the next sweep once they are old enough.
    clock.advance(Duration.ofMinutes(61));
    Eventually.holds("the replaced attachments are swept", Duration.ofSeconds(15),
        () -> torg.torg().services().media().repository().findById(boats.id()).await().isEmpty());
  }
}
