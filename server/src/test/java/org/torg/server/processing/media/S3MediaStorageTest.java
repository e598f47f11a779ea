package org.torg.server.processing.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.Color;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.MotoS3;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.TestMedia;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * media.storage: s3 against a real S3-compatible server (moto): an upload's file and thumbnail
 * land in the bucket, Torg serves them from there, and deleting the post deletes the objects.
 */
class S3MediaStorageTest {

  static Vertx vertx;
  static MotoS3 moto;
  static S3Client s3;
  static RunningTorg torg;
  static ApiClient api;

  @BeforeAll
  static void start() {
    moto = MotoS3.start();
    vertx = Vertx.vertx();
    s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("torg-key", "torg-secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    s3.createBucket(b -> b.bucket("torg-media"));
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://s3.test", "TORG_MEDIA_STORAGE", "s3",
        "TORG_MEDIA_S3_ENDPOINT", moto.endpoint().toString(), "TORG_MEDIA_S3_BUCKET", "torg-media",
        "TORG_MEDIA_S3_ACCESS_KEY", "torg-key", "TORG_MEDIA_S3_SECRET_KEY", "torg-secret"));
    api = torg.api(vertx);
  }

  @AfterAll
  static void stop() {
    if (torg != null) {
      torg.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (moto != null) {
      moto.close();
    }
  }

  static List<String> keys() {
    return s3.listObjectsV2(b -> b.bucket("torg-media")).contents().stream().map(S3Object::key).sorted().toList();
  }

  @Test
  void uploadsGoToTheBucketAreServedFromItAndGoWithTheirPost() {
    String admin = api.newAdmin("keeper").accessToken();
    String writer = api.newCitizen("writer").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "arkiv").put("displayName", "Arkiv"));
    api.send(HttpMethod.PUT, "/api/v1/groups/arkiv/members/writer", admin, new JsonObject().put("role", "member"));

    HttpResponse<Buffer> r = api.request(HttpMethod.POST, "/api/v1/media").putHeader("Authorization", "Bearer " + writer)
        .sendMultipartForm(MultipartForm.create().attribute("description", "A yellow square")
            .binaryFileUpload("file", "y.png", Buffer.buffer(TestMedia.image("png", 500, 500, Color.YELLOW)), "image/png"))
        .await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject m = r.bodyAsJsonObject();
    String url = m.getString("url");
    String key = url.substring(url.lastIndexOf('/') + 1);
    String previewKey = m.getString("preview_url").substring(m.getString("preview_url").lastIndexOf('/') + 1);
    assertEquals(List.of(key, previewKey).stream().sorted().toList(), keys(), "the file and its thumbnail are in the bucket");
    byte[] inBucket = s3.getObjectAsBytes(b -> b.bucket("torg-media").key(key)).asByteArray();

    HttpResponse<Buffer> served = torg.get(vertx, URI.create(url).getRawPath()).send().await();
    assertEquals(200, served.statusCode());
    assertEquals("image/png", served.getHeader("Content-Type"));
    assertArrayEquals(inBucket, served.body().getBytes(), "Torg serves the bucket's object");

    HttpResponse<Buffer> post = api.post("/api/v1/groups/arkiv/threads", writer, new JsonObject().put("title", "Yellow")
        .put("content", "A square.").put("media_ids", new JsonArray().add(m.getString("id"))));
    assertEquals(201, post.statusCode(), post.bodyAsString());
    String postId = post.bodyAsJsonObject().getJsonObject("root").getString("id");
    assertEquals(204, api.send(HttpMethod.DELETE, "/api/v1/posts/" + postId, writer, null).statusCode());
    assertTrue(keys().isEmpty(), "deleting the post deleted its objects: " + keys());
    assertEquals(404, torg.get(vertx, URI.create(url).getRawPath()).send().await().statusCode());
  }
}
