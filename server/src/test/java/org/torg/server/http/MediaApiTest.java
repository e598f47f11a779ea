package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.torg.server.processing.media.Blurhash;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.TestMedia;

/**
 * Uploads (POST /api/v1/media) on the local disk: alt text required for images, types told by
 * the bytes, metadata stripped by re-encoding, size and count limits; media_ids on posts, the
 * Note's attachments, and files deleted with their post or when never attached.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaApiTest {

  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static ApiClient api;
  static String writer;
  static String other;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://media.test", "TORG_MEDIA_MAX_UPLOAD_BYTES", "300000",
        "TORG_MEDIA_MAX_ATTACHMENTS", "2", "TORG_MEDIA_SWEEP_SECONDS", "1", "TORG_MEDIA_UNATTACHED_HOURS", "1"), clock);
    api = torg.api(vertx);
    String admin = api.newAdmin("curator").accessToken();
    writer = api.newCitizen("photographer").accessToken();
    other = api.newCitizen("bystander").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "bilder").put("displayName", "Bilder"));
    api.send(HttpMethod.PUT, "/api/v1/groups/bilder/members/photographer", admin, new JsonObject().put("role", "member"));
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  static HttpResponse<Buffer> upload(String token, byte[] bytes, String claimedType, String description) {
    MultipartForm form = MultipartForm.create();
    if (description != null) {
      form.attribute("description", description);
    }
    form.binaryFileUpload("file", "upload.bin", Buffer.buffer(bytes), claimedType);
    return api.request(HttpMethod.POST, "/api/v1/media").putHeader("Authorization", "Bearer " + token)
        .sendMultipartForm(form).await();
  }

  static JsonObject uploaded(String token, byte[] bytes, String claimedType, String description) {
    HttpResponse<Buffer> r = upload(token, bytes, claimedType, description);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** A URL Torg answered, fetched from Torg (the public URL's host is not resolvable here). */
  static HttpResponse<Buffer> fetch(String url) {
    URI uri = URI.create(url);
    String path = uri.getRawPath();
    return torg.get(vertx, path).send().await();
  }

  static long storedFiles() {
    Path dir = torg.config().mediaDir();
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long mediaRows() {
    return torg.torg().services().pool().query("SELECT count(*) FROM media").execute().await().iterator().next().getLong(0);
  }

  @Test
  @Order(1)
  void anImageWithoutAltTextIsRefusedAndNothingIsStored() {
    long files = storedFiles();
    long rows = mediaRows();
    byte[] png = TestMedia.image("png", 40, 30, Color.RED);
    for (String description : new String[] {null, "", "   \n "}) {
      HttpResponse<Buffer> r = upload(writer, png, "image/png", description);
      assertEquals(422, r.statusCode(), r.bodyAsString());
      assertEquals("alt_text_required", r.bodyAsJsonObject().getString("error"), r.bodyAsString());
    }
    assertEquals(files, storedFiles(), "no file is written for a refused upload");
    assertEquals(rows, mediaRows(), "no row is written for a refused upload");
  }

  @Test
  @Order(2)
  void aJpegWithGpsExifComesBackWithoutItReEncodedWithAThumbnailAndBlurhash() throws IOException {
    byte[] original = TestMedia.jpegWithGps(900, 600);
    assertTrue(TestMedia.contains(original, "Exif\0\0".getBytes(StandardCharsets.US_ASCII)), "the test file carries EXIF");
    assertTrue(TestMedia.contains(original, TestMedia.EXIF_MARKER.getBytes(StandardCharsets.US_ASCII)));
    assertNotNull(ImageIO.read(new ByteArrayInputStream(original)), "the test file is a readable JPEG");

    JsonObject m = uploaded(writer, original, "image/jpeg", "A harbour at dawn");
    assertEquals("image", m.getString("type"));
    assertEquals("image/jpeg", m.getString("media_type"));
    assertEquals("A harbour at dawn", m.getString("description"));
    assertEquals(900, m.getJsonObject("meta").getInteger("width"));
    assertEquals(600, m.getJsonObject("meta").getInteger("height"));
    assertTrue(m.getString("url").startsWith("http://media.test/media/"), m.encode());
    String blurhash = m.getString("blurhash");
    assertEquals(28, blurhash.length(), "4x3 components: " + blurhash);

    HttpResponse<Buffer> full = fetch(m.getString("url"));
    assertEquals(200, full.statusCode());
    assertEquals("image/jpeg", full.getHeader("Content-Type"));
    assertEquals("nosniff", full.getHeader("X-Content-Type-Options"));
    byte[] served = full.body().getBytes();
    assertFalse(TestMedia.contains(served, "Exif".getBytes(StandardCharsets.US_ASCII)), "no EXIF segment is served");
    assertFalse(TestMedia.contains(served, TestMedia.EXIF_MARKER.getBytes(StandardCharsets.US_ASCII)));
    assertFalse(TestMedia.contains(served, new byte[] {(byte) 0xFF, (byte) 0xE1}), "no APP1 (EXIF/XMP) marker at all");
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(served));
    assertEquals(900, decoded.getWidth());
    int rgb = decoded.getRGB(450, 300);
    assertTrue(Math.abs(((rgb >> 16) & 0xFF) - 30) < 8 && Math.abs((rgb & 0xFF) - 200) < 8, "the pixels survive");

    HttpResponse<Buffer> head = torg.get(vertx, URI.create(m.getString("url")).getRawPath()).method(HttpMethod.HEAD).send().await();
    assertEquals(200, head.statusCode());
    assertEquals("image/jpeg", head.getHeader("Content-Type"));

    HttpResponse<Buffer> preview = fetch(m.getString("preview_url"));
    assertEquals(200, preview.statusCode());
    BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(preview.body().getBytes()));
    assertEquals(400, thumb.getWidth());
    assertEquals(267, thumb.getHeight());
    // The blurhash's first component is the image's average colour.
    int average = Blurhash.averageColour(blurhash);
    assertTrue(Math.abs(((average >> 16) & 0xFF) - 30) < 8 && Math.abs((average & 0xFF) - 200) < 8,
        Integer.toHexString(average));
  }

  @Test
  @Order(2)
  void aPictureTakenSidewaysIsTurnedAsItsExifOrientationSaysBeforeTheTagGoes() throws IOException {
    JsonObject m = uploaded(writer, TestMedia.jpegWithOrientation(60, 30, 6), "image/jpeg", "Red above blue");
    assertEquals(30, m.getJsonObject("meta").getInteger("width"), "turned a quarter: 60x30 shows as 30x60");
    assertEquals(60, m.getJsonObject("meta").getInteger("height"));
    byte[] served = fetch(m.getString("url")).body().getBytes();
    assertFalse(TestMedia.contains(served, "Exif".getBytes(StandardCharsets.US_ASCII)));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(served));
    assertEquals(30, image.getWidth());
    int top = image.getRGB(15, 8);
    int bottom = image.getRGB(15, 52);
    assertTrue(((top >> 16) & 0xFF) > 200 && (top & 0xFF) < 60, "the left (red) half is on top: " + Integer.toHexString(top));
    assertTrue((bottom & 0xFF) > 200 && ((bottom >> 16) & 0xFF) < 60, "the right (blue) half below: " + Integer.toHexString(bottom));
  }

  @Test
  @Order(3)
  void theBytesTellTheTypeNotTheClaimedContentType() {
    JsonObject pdf = uploaded(writer, TestMedia.pdf(), "image/png", "");
    assertEquals("document", pdf.getString("type"), "PDF bytes labelled image/png are a document");
    assertEquals("application/pdf", pdf.getString("media_type"));
    assertNull(pdf.getString("preview_url"));
    HttpResponse<Buffer> served = fetch(pdf.getString("url"));
    assertEquals("application/pdf", served.getHeader("Content-Type"));
    assertTrue(served.getHeader("Content-Disposition").startsWith("attachment"));

    JsonObject gif = uploaded(writer, TestMedia.image("gif", 20, 20, Color.GREEN), "application/pdf", "A green square");
    assertEquals("image", gif.getString("type"));
    assertEquals("image/png", gif.getString("media_type"), "a GIF is re-encoded as PNG");

    HttpResponse<Buffer> html = upload(writer, "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8),
        "image/png", "not really");
    assertEquals(422, html.statusCode());
    assertEquals("unsupported_media_type", html.bodyAsJsonObject().getString("error"));

    HttpResponse<Buffer> brokenPdf = upload(writer, "%PDF-1.7 but nothing after".getBytes(StandardCharsets.US_ASCII),
        "application/pdf", "");
    assertEquals(422, brokenPdf.statusCode());
    assertEquals("invalid_pdf", brokenPdf.bodyAsJsonObject().getString("error"));

    // A decompression bomb's header: refused from the header alone, before any bitmap is allocated.
    HttpResponse<Buffer> bomb = upload(writer, TestMedia.pngClaiming(30_000, 30_000), "image/png", "huge");
    assertEquals(422, bomb.statusCode(), bomb.bodyAsString());
    assertEquals("image_too_large", bomb.bodyAsJsonObject().getString("error"));

    byte[] truncated = java.util.Arrays.copyOf(TestMedia.image("png", 50, 50, Color.BLUE), 40);
    HttpResponse<Buffer> broken = upload(writer, truncated, "image/png", "broken");
    assertEquals(422, broken.statusCode());
    assertEquals("invalid_image", broken.bodyAsJsonObject().getString("error"));
  }

  @Test
  @Order(4)
  void limitsAndSignInAreEnforced() {
    byte[] big = new byte[400_000];
    big[0] = (byte) 0x89;
    HttpResponse<Buffer> tooLarge = upload(writer, big, "image/png", "big");
    assertEquals(413, tooLarge.statusCode(), tooLarge.bodyAsString());

    HttpResponse<Buffer> anonymous = upload(null, TestMedia.pdf(), "application/pdf", "");
    assertEquals(401, anonymous.statusCode());

    HttpResponse<Buffer> noFile = api.request(HttpMethod.POST, "/api/v1/media").putHeader("Authorization", "Bearer " + writer)
        .sendMultipartForm(MultipartForm.create().attribute("description", "x")).await();
    assertEquals(422, noFile.statusCode());
    assertEquals("file_required", noFile.bodyAsJsonObject().getString("error"));

    HttpResponse<Buffer> longAlt = upload(writer, TestMedia.pdf(), "application/pdf", "a".repeat(1501));
    assertEquals(422, longAlt.statusCode());
    assertEquals("invalid_description", longAlt.bodyAsJsonObject().getString("error"));

    assertEquals(404, torg.get(vertx, "/media/../../etc/passwd").send().await().statusCode());
    assertEquals(404, torg.get(vertx, "/media/" + "0".repeat(32) + ".png").send().await().statusCode());
  }

  static JsonObject image(String token, String description) {
    return uploaded(token, TestMedia.image("png", 64, 48, Color.ORANGE), "image/png", description);
  }

  @Test
  @Order(5)
  void aPostCarriesItsAuthorsUploadsAndItsNoteTheAttachments() {
    JsonObject photo = image(writer, "An orange rectangle");
    JsonObject pdf = uploaded(writer, TestMedia.pdf(), "application/pdf", "The policy");
    HttpResponse<Buffer> r = api.post("/api/v1/groups/bilder/threads", writer, new JsonObject().put("title", "Pictures")
        .put("content", "See attached.").put("media_ids", new JsonArray().add(photo.getString("id")).add(pdf.getString("id"))));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject root = r.bodyAsJsonObject().getJsonObject("root");
    JsonArray attached = root.getJsonArray("media_attachments");
    assertEquals(2, attached.size(), root.encode());
    assertEquals("An orange rectangle", attached.getJsonObject(0).getString("description"));
    assertEquals("document", attached.getJsonObject(1).getString("type"));

    HttpResponse<Buffer> noteResponse = torg.getActivityJson(vertx, URI.create(root.getString("uri")).getRawPath()).send().await();
    JsonObject note = noteResponse.bodyAsJsonObject();
    JsonArray attachment = note.getJsonArray("attachment");
    assertEquals(2, attachment.size(), note.encode());
    JsonObject img = attachment.getJsonObject(0);
    assertEquals("Image", img.getString("type"));
    assertEquals("image/png", img.getString("mediaType"));
    assertEquals("An orange rectangle", img.getString("name"));
    assertEquals(photo.getString("blurhash"), img.getString("blurhash"));
    assertEquals(64, img.getInteger("width"));
    assertEquals(photo.getString("url"), img.getString("url"));
    assertEquals("Document", attachment.getJsonObject(1).getString("type"));
    assertEquals("The policy", attachment.getJsonObject(1).getString("name"));

    // Taken once: the same upload cannot go on a second post.
    HttpResponse<Buffer> again = api.post("/api/v1/posts/" + root.getString("id") + "/replies", writer,
        new JsonObject().put("content", "Again").put("media_ids", new JsonArray().add(photo.getString("id"))));
    assertEquals(422, again.statusCode());
    assertEquals("invalid_media_ids", again.bodyAsJsonObject().getString("error"));
  }

  @Test
  @Order(6)
  void onlyTheUploadersOwnUnattachedMediaAndAtMostTheConfiguredNumber() {
    String thread = api.post("/api/v1/groups/bilder/threads", writer, new JsonObject().put("title", "Replies")
        .put("content", "Reply with pictures.")).bodyAsJsonObject().getJsonObject("root").getString("id");
    JsonObject othersUpload = image(other, "Someone else's");
    HttpResponse<Buffer> foreign = api.post("/api/v1/posts/" + thread + "/replies", writer,
        new JsonObject().put("content", "Not mine").put("media_ids", new JsonArray().add(othersUpload.getString("id"))));
    assertEquals(422, foreign.statusCode());
    assertEquals("invalid_media_ids", foreign.bodyAsJsonObject().getString("error"));

    JsonArray three = new JsonArray();
    for (int i = 0; i < 3; i++) {
      three.add(image(writer, "Picture " + i).getString("id"));
    }
    HttpResponse<Buffer> tooMany = api.post("/api/v1/posts/" + thread + "/replies", writer,
        new JsonObject().put("content", "Three").put("media_ids", three));
    assertEquals(422, tooMany.statusCode());
    assertEquals("too_many_attachments", tooMany.bodyAsJsonObject().getString("error"));

    HttpResponse<Buffer> two = api.post("/api/v1/posts/" + thread + "/replies", writer,
        new JsonObject().put("content", "Two").put("media_ids", new JsonArray().add(three.getString(0)).add(three.getString(1))));
    assertEquals(201, two.statusCode(), two.bodyAsString());
    assertEquals(2, two.bodyAsJsonObject().getJsonArray("media_attachments").size());
  }

  @Test
  @Order(7)
  void deletingAPostDeletesItsFiles() {
    JsonObject photo = image(writer, "Soon gone");
    String url = photo.getString("url");
    String preview = photo.getString("preview_url");
    String post = api.post("/api/v1/groups/bilder/threads", writer, new JsonObject().put("title", "Gone soon")
        .put("content", "Deleting this.").put("media_ids", new JsonArray().add(photo.getString("id"))))
        .bodyAsJsonObject().getJsonObject("root").getString("id");
    assertEquals(200, fetch(url).statusCode());
    Path file = torg.config().mediaDir().resolve(url.substring(url.lastIndexOf('/') + 1));
    Path thumb = torg.config().mediaDir().resolve(preview.substring(preview.lastIndexOf('/') + 1));
    assertTrue(Files.exists(file) && Files.exists(thumb));

    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + post, writer, null).statusCode());
    assertFalse(Files.exists(file), "the file is deleted with its post");
    assertFalse(Files.exists(thumb), "and its thumbnail");
    assertEquals(404, fetch(url).statusCode());
  }

  @Test
  @Order(100)
  void anUploadNoPostTookIsSweptAfterItsTime() {
    JsonObject photo = image(writer, "Never posted");
    String url = photo.getString("url");
    Path file = torg.config().mediaDir().resolve(url.substring(url.lastIndexOf('/') + 1));
    assertTrue(Files.exists(file));
    // The row's created_at is the database's clock: moving Torg's past the hour makes it old.
    clock.advance(Duration.ofMinutes(61));
    Eventually.holds("the unattached upload is swept", Duration.ofSeconds(10), () -> !Files.exists(file));
    assertEquals(404, fetch(url).statusCode());
  }
}
