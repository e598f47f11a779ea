package org.torg.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.server.support.TestDatabase;

@ExtendWith(VertxExtension.class)
class SchemaProbeTest {

  @Test
  void readyWhenTheSchemaIsAtTheMigratedVersion(Vertx vertx) {
    String schema = TestDatabase.freshSchema();
    String version = Migrations.apply(TestDatabase.url(), schema, Duration.ofSeconds(5));
    Pool pool = PgPools.create(vertx, TestDatabase.url(), schema, 2, Duration.ofSeconds(5));

    assertEquals(SchemaProbe.Readiness.READY, new SchemaProbe(pool, version).check().await());
    assertEquals(SchemaProbe.Readiness.MIGRATIONS_PENDING, new SchemaProbe(pool, "999").check().await());
  }

  @Test
  void notMigratedSchemaIsPending(Vertx vertx) {
    String schema = TestDatabase.freshSchema();
    Pool pool = PgPools.create(vertx, TestDatabase.url(), schema, 2, Duration.ofSeconds(5));
    assertEquals(SchemaProbe.Readiness.MIGRATIONS_PENDING, new SchemaProbe(pool, "1").check().await(),
        "reachable, but no flyway_schema_history table yet");
  }

  @Test
  void unreachableWhenNothingListens(Vertx vertx) throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    DatabaseUrl down = new DatabaseUrl("127.0.0.1", closedPort, "torg", "torg", "x");
    Pool pool = PgPools.create(vertx, down, "public", 1, Duration.ofSeconds(2));
    assertEquals(SchemaProbe.Readiness.DATABASE_UNREACHABLE, new SchemaProbe(pool, "1").check().await());
  }
}
