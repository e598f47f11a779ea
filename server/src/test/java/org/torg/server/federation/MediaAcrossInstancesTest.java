package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Tuple;
import java.awt.Color;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.model.MediaAttachment;
import org.torg.server.model.Post;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.TestMedia;

/**
 * A post with an image on A reaches B with its attachment (alt text, blurhash, size); B shows it
 * through its own cache, fetching it from A once; a remote file over B's media.remote_max_bytes
 * is not read past the limit; a reject_media block on A's domain stops B fetching or showing it.
 */
class MediaAcrossInstancesTest {

  static final int REMOTE_MAX = 100_000;

  static Vertx vertx;
  static RunningTorg a;
  static RunningTorg b;
  static HttpServer bigFiles;
  static final AtomicLong bigBytesSent = new AtomicLong();
  static final AtomicBoolean bigClosed = new AtomicBoolean();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    a = RunningTorg.onLoopbackAddress("127.0.0.130");
    b = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://127.0.0.131", "TORG_HTTP_HOST", "127.0.0.131", "TORG_HTTP_PORT", "80",
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true", "TORG_MEDIA_REMOTE_MAX_BYTES", Integer.toString(REMOTE_MAX),
        "TORG_MEDIA_SWEEP_SECONDS", "1"));
    // A server with a 64 MB image that sends it as fast as the reader takes it, counting what went out.
    bigFiles = vertx.createHttpServer().requestHandler(request -> {
      HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "image/png");
      response.closeHandler(v -> bigClosed.set(true));
      byte[] head = TestMedia.image("png", 8, 8, Color.BLACK);
      Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
      response.write(Buffer.buffer(head));
      bigBytesSent.addAndGet(head.length);
      Runnable[] pump = new Runnable[1];
      pump[0] = () -> {
        while (!response.writeQueueFull() && !bigClosed.get() && bigBytesSent.get() < 64L * 1024 * 1024) {
          response.write(chunk);
          bigBytesSent.addAndGet(chunk.length());
        }
        if (!bigClosed.get() && bigBytesSent.get() < 64L * 1024 * 1024) {
          response.drainHandler(v -> pump[0].run());
        } else if (!bigClosed.get()) {
          response.end();
        }
      };
      pump[0].run();
    });
    bigFiles.listen(80, "127.0.0.132").await();
  }

  @AfterAll
  static void stop() {
    bigFiles.close().await();
    a.close();
    b.close();
    vertx.close().await();
  }

  private static Optional<Post> stored(RunningTorg torg, String uri) {
    return torg.torg().services().posts().posts().findByUri(uri).await();
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.bodyAsString());
    return r.bodyAsBuffer() == null || r.bodyAsBuffer().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  @Test
  void anImagePostReachesTheOtherServerWhichShowsItThroughItsCache() {
    ApiClient apiA = a.api(vertx);
    ApiClient apiB = b.api(vertx);
    String admin = apiA.newAdmin("chair").accessToken();
    String mia = apiA.newCitizen("mia").accessToken();
    ok(apiA.post("/api/v1/groups", admin, new JsonObject().put("name", "foto").put("displayName", "Foto")));
    ok(apiA.send(HttpMethod.PUT, "/api/v1/groups/foto/members/mia", admin, new JsonObject().put("role", "member")));
    String bAdmin = apiB.newAdmin("boss").accessToken();
    String ben = apiB.newCitizen("ben").accessToken();
    String follow = ok(apiB.post("/api/v1/follows", ben, new JsonObject().put("target", "http://127.0.0.130/groups/foto")))
        .getString("id");
    Eventually.holds("B's follow is accepted", Duration.ofSeconds(30), () -> b.torg().services().follows()
        .findById(Long.parseLong(follow)).await().map(f -> f.state().name().equals("accepted")).orElse(false));

    byte[] original = TestMedia.jpegWithGps(300, 200);
    JsonObject upload = ok(apiA.request(HttpMethod.POST, "/api/v1/media").putHeader("Authorization", "Bearer " + mia)
        .sendMultipartForm(MultipartForm.create().attribute("description", "The ferry leaving")
            .binaryFileUpload("file", "ferry.jpg", Buffer.buffer(original), "image/jpeg")).await());
    JsonObject thread = ok(apiA.post("/api/v1/groups/foto/threads", mia, new JsonObject().put("title", "Ferry")
        .put("content", "Leaving on time.").put("media_ids", new JsonArray().add(upload.getString("id")))));
    String rootUri = thread.getJsonObject("root").getString("uri");
    Eventually.holds("the post reached B", Duration.ofSeconds(30), () -> stored(b, rootUri).isPresent());

    Post onB = stored(b, rootUri).orElseThrow();
    assertEquals(1, onB.attachments().size());
    MediaAttachment remote = onB.attachments().get(0);
    assertEquals(MediaAttachment.Kind.image, remote.kind());
    assertEquals("The ferry leaving", remote.description());
    assertEquals(upload.getString("blurhash"), remote.blurhash());
    assertEquals(300, remote.width());
    assertEquals(200, remote.height());
    assertEquals(upload.getString("url"), remote.remoteUrl());
    assertNull(remote.storageKey(), "nothing is fetched before a reader views it");

    // B's readers get B's URL, never A's.
    JsonObject shown = ok(apiB.get("/api/v1/posts/" + onB.id(), null)).getJsonArray("media_attachments").getJsonObject(0);
    assertEquals("/media/remote/" + remote.id(), shown.getString("url"));
    HttpResponse<Buffer> first = b.get(vertx, shown.getString("url")).send().await();
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertEquals("image/jpeg", first.getHeader("Content-Type"));
    byte[] onA = a.get(vertx, URI.create(upload.getString("url")).getRawPath()).send().await().body().getBytes();
    assertArrayEquals(onA, first.body().getBytes(), "B serves A's file as A has it");
    MediaAttachment cached = b.torg().services().media().repository().findById(remote.id()).await().orElseThrow();
    assertNotNull(cached.storageKey(), "kept in B's cache");
    assertEquals(200, b.get(vertx, shown.getString("url")).send().await().statusCode());

    // A remote attachment larger than B's limit: the fetch stops at the limit, nothing is kept.
    long bigId = b.torg().services().pool().preparedQuery("INSERT INTO media (post_id, position, kind, media_type, remote_url,"
            + " description) VALUES ($1, 1, 'image', 'image/png', 'http://127.0.0.132/big.png', 'Huge') RETURNING id")
        .execute(Tuple.of(onB.id())).await().iterator().next().getLong(0);
    HttpResponse<Buffer> big = b.get(vertx, "/media/remote/" + bigId).send().await();
    assertEquals(502, big.statusCode(), big.bodyAsString());
    assertEquals("remote_media_too_large", big.bodyAsJsonObject().getString("error"));
    Eventually.holds("B closed the connection", Duration.ofSeconds(10), bigClosed::get);
    // What left the sender: the limit, plus what loopback socket buffers took before B hung up.
    assertTrue(bigBytesSent.get() < 16L * 1024 * 1024, "sent " + bigBytesSent.get() + " of 64 MiB");
    assertNull(b.torg().services().media().repository().findById(bigId).await().orElseThrow().storageKey());

    // reject_media on A's domain: B neither fetches nor shows A's files any more.
    ok(apiB.post("/api/v1/admin/domain-blocks", bAdmin, new JsonObject().put("domain", "127.0.0.130")
        .put("severity", "reject_media").put("reason", "no pictures from there")));
    HttpResponse<Buffer> rejected = b.get(vertx, shown.getString("url")).send().await();
    assertEquals(403, rejected.statusCode(), rejected.bodyAsString());
    assertEquals("media_rejected", rejected.bodyAsJsonObject().getString("error"));

    // The author deletes the post: A deletes its file at once, B (on the Delete) its cached copy.
    java.nio.file.Path cachedFile = b.config().mediaDir().resolve(cached.storageKey());
    assertTrue(java.nio.file.Files.exists(cachedFile));
    assertEquals(204, apiA.send(HttpMethod.DELETE, "/api/v1/posts/" + thread.getJsonObject("root").getString("id"), mia, null)
        .statusCode());
    assertEquals(404, a.get(vertx, URI.create(upload.getString("url")).getRawPath()).send().await().statusCode());
    Eventually.holds("B deleted its copy of the deleted post's file", Duration.ofSeconds(30),
        () -> !java.nio.file.Files.exists(cachedFile)
            && b.torg().services().media().repository().ofPost(onB.id()).await().isEmpty());
  }
}
