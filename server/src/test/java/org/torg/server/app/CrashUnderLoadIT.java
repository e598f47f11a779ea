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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
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
 * SIGKILL of Torg (the packaged jar) in the middle of inbound load, on a PostgreSQL with fsync
 * on: after the restart every activity that was answered 202 is there, stored once, and the
 * inbox worker finishes each; the requests in flight when it died got no answer (the sender
 * retries them), never a 202 for something then lost.
 */
class CrashUnderLoadIT {

  @TempDir
  Path workDir;

  @Test
  void everyActivityAnswered202BeforeAKillMinus9IsStoredAndProcessedOnceAfterTheRestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakePeer peer = FakePeer.start(vertx);
    peer.addActor("sender");
    try (StoppablePostgres pg = new StoppablePostgres(workDir.resolve("pg")).start();
        TorgProcess torg = TorgProcess.start(workDir.resolve("torg"), TorgProcess.onOwnDatabase(pg))) {
      InboundLoad load = new InboundLoad(vertx, peer, "sender");
      AtomicReference<List<Sent>> sent = new AtomicReference<>();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread sender = new Thread(() -> {
        try {
          sent.set(load.run(torg.port(), Duration.ofSeconds(16), 40, Duration.ofSeconds(5)));
        } catch (Throwable e) {
          failed.set(e);
        }
      }, "inbound-load");
      sender.start();
      Thread.sleep(4_000);
      torg.kill();
      Thread.sleep(2_000);
      torg.startAgain();
      sender.join(60_000);
      assertEquals(null, failed.get());
      List<Sent> answers = sent.get();
      Map<Integer, Long> statuses = answers.stream().collect(Collectors.groupingBy(Sent::status, Collectors.counting()));
      assertTrue(statuses.getOrDefault(202, 0L) > 200, "accepted before and after the kill: " + statuses);
      assertTrue(statuses.getOrDefault(-1, 0L) > 0, "some went unanswered while it was down: " + statuses);
      assertTrue(statuses.keySet().stream().allMatch(s -> s == 202 || s == -1 || s == 503), "nothing else: " + statuses);

      Set<String> accepted = answers.stream().filter(s -> s.status() == 202).map(Sent::id).collect(Collectors.toSet());
      DatabaseUrl db = pg.url();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        Eventually.holds("every accepted activity processed after the restart", Duration.ofSeconds(60),
            () -> rows(c, "SELECT activity_uri, count(*) FROM inbox_activity WHERE state = 'done' GROUP BY activity_uri")
                .keySet().containsAll(accepted));
        Map<String, Long> stored = rows(c, "SELECT activity_uri, count(*) FROM inbox_activity GROUP BY activity_uri");
        for (String id : accepted) {
          assertEquals(1L, stored.get(id), id + " stored once");
        }
      }
    } finally {
      peer.close();
      vertx.close().await();
    }
  }

  private static Map<String, Long> rows(Connection c, String sql) {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      Map<String, Long> out = new HashMap<>();
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
