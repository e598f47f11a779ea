package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;

/** Answers /ready: is the database reachable, and is its schema at the version this build migrated to? */
public final class SchemaProbe {

  public enum Readiness { READY, DATABASE_UNREACHABLE, MIGRATIONS_PENDING }

  private final Pool pool;
  private final String expectedVersion;

  public SchemaProbe(Pool pool, String expectedVersion) {
    this.pool = pool;
    this.expectedVersion = expectedVersion;
  }

  public String expectedVersion() {
    return expectedVersion;
  }

  /** Never fails: an unreachable database is an outcome, not an error. */
  public Future<Readiness> check() {
    return pool.query("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
            + " ORDER BY installed_rank DESC LIMIT 1")
        .execute()
        .map(rows -> {
          String current = rows.size() == 0 ? null : rows.iterator().next().getString("version");
          return expectedVersion.equals(current) ? Readiness.READY : Readiness.MIGRATIONS_PENDING;
        })
        // The server answering with an error (e.g. no history table yet) means it is reachable
        // but not migrated; anything else (refused, timed out) means unreachable.
        .recover(e -> Future.succeededFuture(
            e instanceof PgException ? Readiness.MIGRATIONS_PENDING : Readiness.DATABASE_UNREACHABLE));
  }
}
