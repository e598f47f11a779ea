package org.torg.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.torg.server.db.DatabaseUrl;

/**
 * A real PostgreSQL for tests: the server named by TORG_TEST_DATABASE_URL when set, otherwise one
 * embedded PostgreSQL started once per test JVM. Each test class takes a fresh schema of its own.
 */
public final class TestDatabase {

  private static DatabaseUrl url;

  private TestDatabase() {}

  public static synchronized DatabaseUrl url() {
    if (url == null) {
      String given = System.getenv("TORG_TEST_DATABASE_URL");
      url = given != null && !given.isBlank() ? DatabaseUrl.parse(given) : startEmbedded();
    }
    return url;
  }

  /** Creates an empty schema with a unique name and returns the name. */
  public static String freshSchema() {
    String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    execute("CREATE SCHEMA " + schema);
    return schema;
  }

  public static void execute(String sql) {
    DatabaseUrl db = url();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      c.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static DatabaseUrl startEmbedded() {
    try {
      Path dir = Files.createTempDirectory("torg-test-pg");
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dir.resolve("data"))
          .setCleanDataDirectory(true)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException ignored) {
          // the JVM is exiting; postgres is stopped by its own postmaster watchdog otherwise
        }
      }));
      return new DatabaseUrl("127.0.0.1", pg.getPort(), "postgres", "postgres", "");
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL for tests did not start", e);
    }
  }
}
