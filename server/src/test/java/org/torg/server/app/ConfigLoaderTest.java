package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path tmp;

  @Test
  void shippedDefaultsLoadWithNothingSet() throws ConfigException {
    TorgConfig config = ConfigLoader.load(Optional.empty(), Map.of());
    assertAll(
        () -> assertEquals("http://localhost:8080", config.publicUrl().toString()),
        () -> assertEquals("127.0.0.1", config.http().host()),
        () -> assertEquals(8080, config.http().port()),
        () -> assertEquals(1_048_576, config.http().bodyLimit()),
        () -> assertTrue(config.database().url().isEmpty(), "no URL means the embedded database"),
        () -> assertEquals("public", config.database().schema()),
        () -> assertEquals(Path.of("data").toAbsolutePath(), config.dataDir()),
        () -> assertEquals(config.dataDir().resolve("secrets-keyset.json"), config.secretsKeysetPath()),
        () -> assertFalse(config.federation().signWithWrongKey(), "the interop self-test's switch is off unless set"));
  }

  @Test
  void connectionAndPeerLimitsHaveTheirDefaultsAndBounds() throws ConfigException {
    TorgConfig config = ConfigLoader.load(Optional.empty(), Map.of());
    assertAll(
        () -> assertEquals(Duration.ofSeconds(75), config.http().idleTimeout()),
        () -> assertEquals(Duration.ofSeconds(10), config.http().headerTimeout()),
        () -> assertEquals(256, config.http().maxConnectionsPerAddress()),
        () -> assertEquals(16 * 1024, config.http().maxHeaderSize()),
        () -> assertEquals(4096, config.http().maxInitialLineLength()),
        () -> assertEquals(new TorgConfig.Outgoing(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(30)), config.federation().outgoing()));
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_HTTP_HEADER_TIMEOUT_SECONDS", "0")));
    assertTrue(e.getMessage().contains("http.header_timeout_seconds (TORG_HTTP_HEADER_TIMEOUT_SECONDS)"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_FEDERATION_FETCH_TIMEOUT_SECONDS", "forever")));
    assertTrue(e.getMessage().contains("federation.fetch_timeout_seconds"), e.getMessage());
  }

  @Test
  void environmentOverridesEveryDocumentedName() throws ConfigException {
    TorgConfig config = ConfigLoader.load(Optional.empty(), Map.of(
        "TORG_PUBLIC_URL", "https://Torg.Example/",
        "TORG_HTTP_HOST", "0.0.0.0",
        "TORG_HTTP_PORT", "9090",
        "TORG_DATABASE_URL", "postgresql://torg:s%40cret@db.internal:6543/torgdb",
        "TORG_DATA_DIR", tmp.toString(),
        "TORG_SECRETS_KEYSET", tmp.resolve("k.json").toString(),
        "TORG_DATABASE_POOL_SIZE", "3",
        "TORG_HTTP_SHUTDOWN_GRACE_SECONDS", "2",
        "TORG_FEDERATION_TESTING_SIGN_WITH_WRONG_KEY", "true"));
    assertAll(
        () -> assertEquals("https://torg.example", config.publicUrl().toString()),
        () -> assertEquals("torg.example", config.publicAuthority()),
        () -> assertEquals("0.0.0.0", config.http().host()),
        () -> assertEquals(9090, config.http().port()),
        () -> assertEquals("db.internal", config.database().url().orElseThrow().host()),
        () -> assertEquals(6543, config.database().url().orElseThrow().port()),
        () -> assertEquals("s@cret", config.database().url().orElseThrow().password()),
        () -> assertEquals(3, config.database().poolSize()),
        () -> assertEquals(Duration.ofSeconds(2), config.http().shutdownGrace()),
        () -> assertEquals(tmp, config.dataDir()),
        () -> assertEquals(tmp.resolve("k.json"), config.secretsKeysetPath()),
        () -> assertTrue(config.federation().signWithWrongKey()));
  }

  @Test
  void publicUrlKeepsANonDefaultPortAndDropsTheDefaultOne() throws ConfigException {
    assertEquals("http://127.0.0.20", ConfigLoader.load(Optional.empty(), Map.of("TORG_PUBLIC_URL", "http://127.0.0.20:80")).publicUrl().toString());
    TorgConfig withPort = ConfigLoader.load(Optional.empty(), Map.of("TORG_PUBLIC_URL", "http://localhost:8080"));
    assertEquals("localhost:8080", withPort.publicAuthority());
  }

  @Test
  void aFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws IOException, ConfigException {
    Path file = tmp.resolve("torg.yaml");
    Files.writeString(file, "http:\n  port: 7000\n  host: ::1\ndatabase:\n  schema: torg\n");
    TorgConfig config = ConfigLoader.load(Optional.of(file), Map.of("TORG_HTTP_PORT", "7001"));
    assertEquals(7001, config.http().port());
    assertEquals("::1", config.http().host());
    assertEquals("torg", config.database().schema());
  }

  @Test
  void aBadPortNamesTheKeyAndTheValue() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_HTTP_PORT", "eighty")));
    assertEquals("invalid configuration: http.port (TORG_HTTP_PORT) = \"eighty\": expected a whole number from 0 to 65535", e.getMessage());
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_HTTP_PORT", "70000")));
  }

  @Test
  void aBadPublicUrlIsRefused() {
    for (String bad : new String[] {"localhost:8080", "ftp://x.example", "https://x.example/path", "https://u@x.example", "not a url", ""}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_PUBLIC_URL", bad)), bad);
      assertTrue(e.getMessage().contains("TORG_PUBLIC_URL") && e.getMessage().contains("\"" + bad + "\""), e.getMessage());
    }
  }

  @Test
  void aBadDatabaseUrlIsRefusedWithoutPrintingItsPassword() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
        Map.of("TORG_DATABASE_URL", "mysql://torg:hunter2@db.example/torg")));
    assertTrue(e.getMessage().contains("TORG_DATABASE_URL"), e.getMessage());
    assertTrue(e.getMessage().contains("db.example"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
        Map.of("TORG_DATABASE_URL", "postgresql://db.example")));
  }

  @Test
  void aSchemaMustBeAPlainIdentifier() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
        Map.of("TORG_DATABASE_SCHEMA", "public; DROP TABLE x")));
    assertTrue(e.getMessage().startsWith("invalid configuration: database.schema (TORG_DATABASE_SCHEMA)"), e.getMessage());
  }

  @Test
  void privateAddressesAreRefusedUnlessSwitchedOnAndTheSwitchMustBeABoolean() throws ConfigException {
    assertFalse(ConfigLoader.load(Optional.empty(), Map.of()).federation().allowPrivateAddresses());
    assertTrue(ConfigLoader.load(Optional.empty(), Map.of("TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"))
        .federation().allowPrivateAddresses());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "yes")));
    assertTrue(e.getMessage().contains("TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES) = \"yes\": expected true or false"), e.getMessage());
  }

  @Test
  void anUnknownKeyInAFileIsAnError() throws IOException {
    Path file = tmp.resolve("torg.yaml");
    Files.writeString(file, "http:\n  prot: 7000\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file), Map.of()));
    assertTrue(e.getMessage().contains("unknown key http.prot"), e.getMessage());
  }

  @Test
  void aMissingOrBrokenFileIsAnError() throws IOException {
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(tmp.resolve("absent.yaml")), Map.of()));
    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(broken, "http: [unclosed\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(broken), Map.of()));
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void theShippedFileDocumentsEveryKeyWithItsEnvironmentName() throws IOException, ConfigException {
    // The repository's config/torg.yaml is the documentation: each key's env name appears in it.
    Path shipped = Path.of("..", "config", "torg.yaml");
    String text = Files.readString(shipped);
    TorgConfig fromFile = ConfigLoader.load(Optional.of(shipped), Map.of());
    assertEquals(ConfigLoader.load(Optional.empty(), Map.of()), fromFile);
    for (String env : new String[] {"TORG_PUBLIC_URL", "TORG_HTTP_HOST", "TORG_HTTP_PORT", "TORG_HTTP_BODY_LIMIT",
        "TORG_HTTP_SHUTDOWN_GRACE_SECONDS", "TORG_DATABASE_URL", "TORG_DATABASE_SCHEMA", "TORG_DATABASE_POOL_SIZE",
        "TORG_DATABASE_CONNECT_TIMEOUT_SECONDS", "TORG_DATA_DIR", "TORG_SECRETS_KEYSET", "TORG_INSTANCE_NAME",
        "TORG_INSTANCE_DESCRIPTION", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES"}) {
      assertTrue(text.contains("env " + env + ";"), env + " is documented in config/torg.yaml");
    }
  }

  @Test
  void mediaDefaultsToLocalStorageAndS3NeedsAnEndpointAndABucket() throws ConfigException {
    TorgConfig config = ConfigLoader.load(Optional.empty(), Map.of("TORG_DATA_DIR", "/srv/torg"));
    assertEquals(TorgConfig.MediaStorageKind.LOCAL, config.media().storage());
    assertEquals(java.nio.file.Path.of("/srv/torg/media"), config.mediaDir());
    assertEquals(4, config.media().maxAttachments());
    assertEquals(16 * 1024 * 1024, config.media().remoteMaxBytes());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_MEDIA_STORAGE", "s3", "TORG_MEDIA_S3_BUCKET", "b")));
    assertTrue(missing.getMessage().contains("TORG_MEDIA_STORAGE"), missing.getMessage());
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
        Map.of("TORG_MEDIA_STORAGE", "s3", "TORG_MEDIA_S3_ENDPOINT", "ftp://s3.example", "TORG_MEDIA_S3_BUCKET", "b")));
    TorgConfig s3 = ConfigLoader.load(Optional.empty(), Map.of("TORG_MEDIA_STORAGE", "s3",
        "TORG_MEDIA_S3_ENDPOINT", "http://127.0.0.133:9000", "TORG_MEDIA_S3_BUCKET", "media",
        "TORG_MEDIA_S3_SECRET_KEY", "very-secret"));
    assertEquals("media", s3.media().s3().bucket());
    assertFalse(s3.media().s3().toString().contains("very-secret"), "the secret never reaches a log line");
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_MEDIA_MAX_ATTACHMENTS", "50")));
  }

  @Test
  void mailIsOffUntilAHostIsSetAndThenNeedsAFromAddress() throws ConfigException {
    TorgConfig.Mail off = ConfigLoader.load(Optional.empty(), Map.of()).mail();
    assertAll(
        () -> assertFalse(off.enabled()),
        () -> assertEquals(587, off.port()),
        () -> assertEquals(TorgConfig.MailSecurity.STARTTLS, off.security()),
        () -> assertEquals(60, off.sendsPerMinute()),
        () -> assertEquals(Duration.ofHours(1), off.resetLinkLifetime()),
        () -> assertEquals(Duration.ofHours(48), off.verificationLinkLifetime()));
    TorgConfig.Mail on = ConfigLoader.load(Optional.empty(), Map.of("TORG_MAIL_HOST", "smtp.example", "TORG_MAIL_FROM",
        "torg@example.org", "TORG_MAIL_SECURITY", "ssl", "TORG_MAIL_PORT", "465", "TORG_MAIL_PASSWORD", "s3cret")).mail();
    assertTrue(on.enabled());
    assertEquals(TorgConfig.MailSecurity.SSL, on.security());
    assertFalse(on.toString().contains("s3cret"), "the password is never printed");
    ConfigException noFrom = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_MAIL_HOST", "smtp.example")));
    assertTrue(noFrom.getMessage().contains("TORG_MAIL_FROM") || noFrom.getMessage().contains("mail.from"), noFrom.getMessage());
    ConfigException badMode = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Optional.empty(), Map.of("TORG_MAIL_SECURITY", "tls")));
    assertTrue(badMode.getMessage().contains("none, starttls, ssl"), badMode.getMessage());
  }

}
