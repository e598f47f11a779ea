package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.torg.federation.signature.RsaKeys;
import org.torg.server.db.DatabaseUrl;
import org.torg.server.secrets.SecretsKeysetFile;
import org.torg.server.support.TestConfigs;
import org.torg.server.support.TestDatabase;

/** A whole Torg on a real PostgreSQL, driven over HTTP through its production routes. */
@ExtendWith(VertxExtension.class)
class TorgTest {

  private static final Map<String, String> ENV = Map.of(
      "TORG_PUBLIC_URL", "https://torg.test",
      "TORG_HTTP_BODY_LIMIT", "2048");

  @TempDir
  static Path dataDir;
  static String schema;
  static TorgConfig config;
  static Torg torg;

  @BeforeAll
  static void start() throws StartupException {
    schema = TestDatabase.freshSchema();
    config = TestConfigs.forSchema(schema, dataDir, ENV);
    torg = Torg.start(config);
  }

  @AfterAll
  static void stop() {
    torg.stop();
  }

  private static HttpResponse<Buffer> get(Vertx vertx, String path) {
    return WebClient.create(vertx).get(torg.httpPort(), "127.0.0.1", path).send().await();
  }

  @Test
  void healthSaysAliveAsJsonWithARequestId(Vertx vertx) {
    HttpResponse<Buffer> r = get(vertx, "/health");
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
    assertEquals("alive", r.bodyAsJsonObject().getString("status"));
    assertNotNull(r.getHeader("X-Request-Id"));
  }

  @Test
  void readyReportsTheMigratedSchemaVersion(Vertx vertx) {
    HttpResponse<Buffer> r = get(vertx, "/ready");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    String migrated = org.torg.server.db.Migrations.apply(TestDatabase.url(), schema, java.time.Duration.ofSeconds(5));
    assertEquals(new JsonObject().put("status", "ready").put("schemaVersion", migrated), r.bodyAsJsonObject());
  }

  @Test
  void aCallersRequestIdIsKeptAndAnInsaneOneReplaced(Vertx vertx) {
    var client = WebClient.create(vertx);
    assertEquals("proxy-id-12345", client.get(torg.httpPort(), "127.0.0.1", "/health")
        .putHeader("X-Request-Id", "proxy-id-12345").send().await().getHeader("X-Request-Id"));
    String replaced = client.get(torg.httpPort(), "127.0.0.1", "/health")
        .putHeader("X-Request-Id", "<script>").send().await().getHeader("X-Request-Id");
    assertFalse(replaced.contains("<"), replaced);
  }

  @Test
  void unknownPathsGetAJsonErrorWithoutAStackTrace(Vertx vertx) {
    HttpResponse<Buffer> r = get(vertx, "/no/such/thing");
    assertEquals(404, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("not_found", body.getString("error"));
    assertEquals(2, body.size(), body.encode());
  }

  @Test
  void aWrongMethodGets405AsJson(Vertx vertx) {
    HttpResponse<Buffer> r = WebClient.create(vertx).delete(torg.httpPort(), "127.0.0.1", "/health").send().await();
    assertEquals(405, r.statusCode());
    assertEquals("method_not_allowed", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void aBodyOverTheLimitGets413AsJson(Vertx vertx) {
    Buffer big = Buffer.buffer(new byte[4096]);
    HttpResponse<Buffer> r = WebClient.create(vertx).post(torg.httpPort(), "127.0.0.1", "/inbox")
        .putHeader("Content-Type", "application/activity+json").sendBuffer(big).await();
    assertEquals(413, r.statusCode());
    assertEquals("payload_too_large", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void theInstanceActorPublishesItsRsa2048KeyWithoutASignature(Vertx vertx) throws Exception {
    HttpResponse<Buffer> r = WebClient.create(vertx).get(torg.httpPort(), "127.0.0.1", "/actor")
        .putHeader("Accept", "application/activity+json").send().await();
    assertEquals(200, r.statusCode());
    assertEquals("application/activity+json", r.getHeader("Content-Type"));
    JsonObject actor = r.bodyAsJsonObject();
    assertEquals("https://torg.test/actor", actor.getString("id"));
    assertEquals("Application", actor.getString("type"));
    JsonObject key = actor.getJsonObject("publicKey");
    assertEquals("https://torg.test/actor#main-key", key.getString("id"));
    assertEquals("https://torg.test/actor", key.getString("owner"));
    RSAPublicKey publicKey = RsaKeys.parsePublicKeyPem(key.getString("publicKeyPem"));
    assertEquals(2048, publicKey.getModulus().bitLength());
  }

  @Test
  void thePrivateKeyIsStoredSealedNotInTheClear() throws Exception {
    DatabaseUrl db = TestDatabase.url();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      ResultSet rs = c.createStatement().executeQuery(
          "SELECT private_key_sealed FROM " + schema + ".local_key WHERE owner = 'instance'");
      assertTrue(rs.next());
      byte[] stored = rs.getBytes(1);
      byte[] pkcs8 = torg.instanceKey().privateKey().getEncoded();
      assertFalse(Arrays.equals(stored, pkcs8));
      assertFalse(indexOf(stored, Arrays.copyOfRange(pkcs8, 30, 62)) >= 0, "no run of the key's bytes appears in the column");
    }
  }

  @Test
  void theInstanceKeySurvivesARestartAndAnotherKeysetCannotReadIt(@TempDir Path otherDir) throws Exception {
    String secondSchema = TestDatabase.freshSchema();
    TorgConfig secondConfig = TestConfigs.forSchema(secondSchema, otherDir, ENV);
    Torg first = Torg.start(secondConfig);
    String pem = first.instanceKey().publicKeyPem();
    int port = first.httpPort();
    first.stop();
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "stopped means not listening");

    Torg again = Torg.start(secondConfig);
    try {
      assertEquals(pem, again.instanceKey().publicKeyPem());
      assertEquals(first.instanceKey().privateKey(), again.instanceKey().privateKey());
    } finally {
      again.stop();
    }

    Path foreignKeyset = otherDir.resolve("foreign-keyset.json");
    SecretsKeysetFile.open(foreignKeyset, true);
    TorgConfig wrongKeyset = TestConfigs.forSchema(secondSchema, otherDir,
        Map.of("TORG_PUBLIC_URL", "https://torg.test", "TORG_SECRETS_KEYSET", foreignKeyset.toString()));
    StartupException e = assertThrows(StartupException.class, () -> Torg.start(wrongKeyset));
    assertTrue(e.getMessage().contains("cannot be decrypted with the secrets keyset"), e.getMessage());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
