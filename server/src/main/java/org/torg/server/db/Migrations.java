package org.torg.server.db;

import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Applies the SQL migrations under resources/db/migration with Flyway. Flyway is blocking
 * JDBC: it runs on the main thread before any verticle deploys.
 */
public final class Migrations {

  private Migrations() {}

  /** Migrates the schema and returns the version it is at afterwards, e.g. "1". */
  public static String apply(DatabaseUrl url, String schema, Duration connectTimeout) {
    Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(url.jdbcUrl() + "?connectTimeout=" + connectTimeout.toSeconds()
            + "&ApplicationName=torg-migrations", url.user(), url.password())
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load();
    flyway.migrate();
    MigrationVersion version = flyway.info().current().getVersion();
    return version.getVersion();
  }
}
