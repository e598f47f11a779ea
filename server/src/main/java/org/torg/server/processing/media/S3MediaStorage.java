package org.torg.server.processing.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import org.torg.server.config.TorgConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Media files in an S3-compatible bucket, addressed path-style (endpoint/bucket/key) so that
 * MinIO, Garage, Ceph and the like work as AWS does. The SDK's client blocks: every call runs on
 * a worker thread. Torg serves the files itself (/media/), so the bucket stays private.
 */
public final class S3MediaStorage implements MediaStorage {

  private final Vertx vertx;
  private final S3Client client;
  private final String bucket;

  public S3MediaStorage(Vertx vertx, TorgConfig.S3 config) {
    this.vertx = vertx;
    this.bucket = config.bucket();
    this.client = S3Client.builder()
        .endpointOverride(config.endpoint().orElseThrow())
        .region(Region.of(config.region()))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Override
  public Future<Void> put(String key, byte[] bytes, String contentType) {
    check(key);
    return vertx.executeBlocking(() -> {
      client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
      return null;
    }, false);
  }

  @Override
  public Future<Optional<Buffer>> get(String key) {
    check(key);
    return vertx.executeBlocking(() -> {
      try {
        return Optional.of(Buffer.buffer(client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()));
      } catch (NoSuchKeyException e) {
        return Optional.<Buffer>empty();
      }
    }, false);
  }

  @Override
  public Future<Void> delete(String key) {
    check(key);
    return vertx.executeBlocking(() -> {
      client.deleteObject(b -> b.bucket(bucket).key(key));
      return null;
    }, false);
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      client.close();
      return null;
    }, false);
  }

  private static void check(String key) {
    if (!MediaKeys.valid(key)) {
      throw new IllegalArgumentException("not a media key: " + key);
    }
  }
}
