package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torg.server.db.DatabaseUrl;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.InboundLoad;
import org.torg.server.support.InboundLoad.Sent;
import org.torg.server.support.StoppablePostgres;
import org.torg.server.support.TorgProcess;

/**
 * PostgreSQL stopped for 20 s under inbound load, with Torg (the packaged jar) running on it:
 * while it is down the inbox answers 503 with Retry-After, promptly (no 500, no hang), and /ready
 * says why; once it is back Torg reconnects by itself, and every activity it answered 202,
 * before or after, is stored and processed.
 */
class DatabaseOutageIT {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path workDir;

  @Test
  void theInboxAnswers503WhilePostgresIsDownAndLosesNothingAcceptedBeforeOrAfter() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakePeer peer = FakePeer.start(vertx);
    peer.addActor("sender");
    try (StoppablePostgres pg = new StoppablePostgres(workDir.resolve("pg")).start();
        TorgProcess torg = TorgProcess.start(workDir.resolve("torg"), TorgProcess.onOwnDatabase(pg))) {
      InboundLoad load = new InboundLoad(vertx, peer, "sender");

      List<Sent> before = load.run(torg.port(), Duration.ofSeconds(5), 20, REQUEST_TIMEOUT);
      assertEquals(Map.of(202, (long) before.size()), statuses(before), "all accepted while the database is up");

      pg.stop();
      List<Sent> during = load.run(torg.port(), Duration.ofSeconds(20), 20, REQUEST_TIMEOUT);
      assertEquals(503, torg.status("/ready", Duration.ofSeconds(5)), "not ready while the database is down");
      String ready = torg.body("/ready");
      assertTrue(ready.contains("database"), "/ready says why: " + ready);
      pg.start();

      assertEquals(Map.of(503, (long) during.size()), statuses(during), "every inbox POST is answered 503 while it is down");
      long slowest = during.stream().mapToLong(Sent::millis).max().orElseThrow();
      assertTrue(slowest < 5_000, "503 promptly, not after a hang: slowest " + slowest + " ms");

      Eventually.holds("ready again without a restart", Duration.ofSeconds(30),
          () -> torg.status("/ready", Duration.ofSeconds(2)) == 200);
      List<Sent> after = load.run(torg.port(), Duration.ofSeconds(5), 20, REQUEST_TIMEOUT);
      assertEquals(Map.of(202, (long) after.size()), statuses(after), "all accepted once it is back");

      Set<String> accepted = new HashSet<>();
      before.forEach(s -> accepted.add(s.id()));
      after.forEach(s -> accepted.add(s.id()));
      DatabaseUrl db = pg.url();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        Eventually.holds("every accepted activity processed", Duration.ofSeconds(60),
            () -> processed(c).containsAll(accepted));
        assertEquals(accepted, stored(c), "exactly the accepted activities are stored: none of the 503s, none lost");
      }
    } finally {
      peer.close();
      vertx.close().await();
    }
  }

  private static Map<Integer, Long> statuses(List<Sent> sent) {
    return sent.stream().collect(Collectors.groupingBy(Sent::status, TreeMap::new, Collectors.counting()));
  }

  private static Set<String> processed(Connection c) {
    return ids(c, "SELECT activity_uri FROM inbox_activity WHERE state = 'done'");
  }

  private static Set<String> stored(Connection c) {
    return ids(c, "SELECT activity_uri FROM inbox_activity");
  }

  private static Set<String> ids(Connection c, String sql) {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      Set<String> out = new HashSet<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
