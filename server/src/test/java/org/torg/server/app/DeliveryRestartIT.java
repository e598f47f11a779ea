package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torg.server.db.DatabaseUrl;
import org.torg.server.support.Eventually;
import org.torg.server.support.TestDatabase;
import org.torg.server.support.TorgProcess;

/**
 * Deliveries survive a crash: Torg is killed (SIGKILL, no shutdown hook) with deliveries pending,
 * started again, and delivers each one, none twice.
 */
class DeliveryRestartIT {

  @TempDir
  Path workDir;

  @Test
  void aKilledTorgDeliversEveryPendingDeliveryOnceAfterARestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    HttpServer inbox = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.computeIfAbsent(new JsonObject(body.toString()).getString("id"), id -> new AtomicInteger()).incrementAndGet();
      request.response().setStatusCode(202).end();
    }));
    inbox.listen(0, "127.0.0.1").await();
    String inboxUrl = "http://127.0.0.1:" + inbox.actualPort() + "/inbox";
    String schema = TestDatabase.freshSchema();
    DatabaseUrl db = TestDatabase.url();
    TorgProcess torg = TorgProcess.start(workDir, Map.of("TORG_DATABASE_URL", "postgresql://" + db.user() + ":" + db.password()
        + "@" + db.host() + ":" + db.port() + "/" + db.database(), "TORG_DATABASE_SCHEMA", schema,
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    try (Connection c = DriverManager.getConnection(db.jdbcUrl() + "?currentSchema=" + schema, db.user(), db.password())) {
      long instanceActor = scalar(c, "SELECT id FROM actor WHERE type = 'Application'");

      enqueue(c, instanceActor, inboxUrl, 20, Duration.ZERO);
      // Recorded as delivered, not just received: a delivery in flight when Torg dies is sent again
      // (at least once, as on Mastodon; peers drop repeated ids). Pending ones must go exactly once.
      Eventually.holds("the first 20 delivered and recorded", Duration.ofSeconds(20),
          () -> received.size() == 20 && sqlCount(c, "SELECT count(*) FROM delivery WHERE state = 'delivered'") == 20);

      enqueue(c, instanceActor, inboxUrl, 30, Duration.ofSeconds(3));
      torg.kill();
      assertEquals(20, received.size(), "the second 30 were still pending when Torg died");
      assertEquals(30, scalar(c, "SELECT count(*) FROM delivery WHERE state = 'pending'"));

      torg.startAgain();
      Eventually.holds("all 50 delivered after the restart", Duration.ofSeconds(30),
          () -> sqlCount(c, "SELECT count(*) FROM delivery WHERE state = 'delivered'") == 50);
      assertEquals(50, received.size());
      received.forEach((id, count) -> assertEquals(1, count.get(), id + " delivered once"));
    } finally {
      torg.close();
      vertx.close().await();
    }
  }

  private static void enqueue(Connection c, long actorId, String inbox, int n, Duration dueIn) throws Exception {
    try (PreparedStatement activity = c.prepareStatement(
            "INSERT INTO outbox_activity (uri, actor_id, type, body) VALUES (?, ?, 'Create', ?::jsonb) RETURNING id");
        PreparedStatement delivery = c.prepareStatement(
            "INSERT INTO delivery (activity_id, inbox, host, next_attempt_at) VALUES (?, ?, ?, now() + make_interval(secs => ?))")) {
      for (int i = 0; i < n; i++) {
        String id = "http://127.0.0.1/activities/" + UUID.randomUUID();
        activity.setString(1, id);
        activity.setLong(2, actorId);
        activity.setString(3, new JsonObject().put("id", id).put("type", "Create").encode());
        ResultSet rs = activity.executeQuery();
        rs.next();
        delivery.setLong(1, rs.getLong(1));
        delivery.setString(2, inbox);
        delivery.setString(3, URI.create(inbox).getAuthority());
        delivery.setDouble(4, dueIn.toSeconds());
        delivery.executeUpdate();
      }
    }
  }

  private static long scalar(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long sqlCount(Connection c, String sql) {
    try {
      return scalar(c, sql);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
