package org.torg.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.torg.server.support.TestDatabase;

class MigrationsTest {

  @Test
  void migratesAFreshSchemaAndIsANoOpTheSecondTime() throws Exception {
    DatabaseUrl db = TestDatabase.url();
    String schema = TestDatabase.freshSchema();

    String first = Migrations.apply(db, schema, Duration.ofSeconds(5));
    String second = Migrations.apply(db, schema, Duration.ofSeconds(5));

    assertEquals(first, second);
    assertTrue(Integer.parseInt(first) >= 1, first);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      Set<String> tables = new HashSet<>();
      ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"});
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
      assertTrue(tables.contains("local_key"), tables.toString());
      assertTrue(tables.contains("flyway_schema_history"), tables.toString());
      ResultSet applied = c.createStatement().executeQuery(
          "SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success");
      applied.next();
      // Versions may have gaps (a branch takes V6 while another takes V5): count the scripts.
      assertEquals(migrationScripts(), applied.getInt(1), "each migration applied exactly once");
    }
  }

  private static int migrationScripts() throws Exception {
    java.net.URL folder = MigrationsTest.class.getClassLoader().getResource("db/migration");
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(folder.toURI()))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
    }
  }

  @Test
  void createsAMissingSchema() {
    String schema = "absent_" + Long.toHexString(System.nanoTime());
    String version = Migrations.apply(TestDatabase.url(), schema, Duration.ofSeconds(5));
    assertEquals(Migrations.apply(TestDatabase.url(), TestDatabase.freshSchema(), Duration.ofSeconds(5)), version);
  }
}
