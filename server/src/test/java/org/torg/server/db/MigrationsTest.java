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
      assertEquals(Integer.parseInt(first), applied.getInt(1), "each migration applied exactly once");
    }
  }

  @Test
  void createsAMissingSchema() {
    String schema = "absent_" + Long.toHexString(System.nanoTime());
    String version = Migrations.apply(TestDatabase.url(), schema, Duration.ofSeconds(5));
    assertEquals(Migrations.apply(TestDatabase.url(), TestDatabase.freshSchema(), Duration.ofSeconds(5)), version);
  }
}
