package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.torg.server.support.Eventually;
import org.torg.server.support.RawHttp;
import org.torg.server.support.RunningTorg;

/**
 * Clients that try to exhaust Torg's HTTP server (issue 17, faults): thousands of idle
 * connections, request heads trickled a byte a second, too many connections from one address,
 * oversized heads. Each runs against a whole Torg on 127.0.0.140 while another client, from an
 * address of its own, keeps being served.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileClientsTest {

  private static final String TORG = "127.0.0.140";
  private static final String IDLE_CLIENT = "127.0.0.141";
  private static final String GOOD_CLIENT = "127.0.0.142";
  private static final String SLOW_CLIENT = "127.0.0.143";
  private static final String GREEDY_CLIENT = "127.0.0.144";

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void fiveThousandIdleConnectionsDoNotSlowAnotherClientAndAreClosedAtTheHeaderTimeout() throws Exception {
    int idleConnections = 5000;
    try (RunningTorg torg = RunningTorg.start(Map.of("TORG_HTTP_HOST", TORG,
        "TORG_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "6000", "TORG_HTTP_HEADER_TIMEOUT_SECONDS", "15"))) {
      NetClient idle = vertx.createNetClient(new NetClientOptions().setLocalAddress(IDLE_CLIENT).setConnectTimeout(10_000));
      AtomicInteger closed = new AtomicInteger();
      List<NetSocket> sockets = Collections.synchronizedList(new ArrayList<>());
      long firstConnect = System.nanoTime();
      // In waves, so the listen backlog never overflows (a dropped SYN is retried after 1 s).
      for (int wave = 0; wave < idleConnections / 250; wave++) {
        List<Future<NetSocket>> connecting = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
          connecting.add(idle.connect(torg.port(), TORG).onSuccess(socket -> {
            sockets.add(socket);
            socket.closeHandler(v -> closed.incrementAndGet());
          }));
        }
        Future.all(connecting).await(30, TimeUnit.SECONDS);
      }
      long lastConnect = System.nanoTime();
      assertEquals(idleConnections, sockets.size());

      List<Long> latencies = servedWhile(torg, Duration.ofSeconds(4), () -> true);
      double p99 = percentile(latencies, 0.99);
      System.out.printf("with %d idle connections: %d requests served, p50 %.1f ms, p99 %.1f ms%n",
          idleConnections, latencies.size(), percentile(latencies, 0.5), p99);
      assertTrue(latencies.size() >= 50, "requests served: " + latencies.size());
      assertTrue(p99 < 1000, "p99 " + p99 + " ms");
      // They were held all along, not refused: none is closed before its header timeout.
      if (Duration.ofNanos(System.nanoTime() - firstConnect).toSeconds() < 14) {
        assertEquals(0, closed.get(), "idle connections closed before the header timeout");
      }

      Eventually.holds("every idle connection closed by Torg", Duration.ofSeconds(15 + 10)
          .minus(Duration.ofNanos(System.nanoTime() - lastConnect)), () -> closed.get() == idleConnections,
          () -> closed.get() + " closed");
      assertTrue(Duration.ofNanos(System.nanoTime() - firstConnect).toMillis() >= 15_000,
          "closed no earlier than the header timeout");
      assertEquals(idleConnections, closedMetric(torg, "header_timeout"), "counted in /metrics");
    }
  }

  @Test
  void headersTrickledAByteASecondAreCutOffWhileOthersAreServed() throws Exception {
    try (RunningTorg torg = RunningTorg.start(Map.of("TORG_HTTP_HOST", TORG,
        "TORG_HTTP_HEADER_TIMEOUT_SECONDS", "2", "TORG_HTTP_IDLE_TIMEOUT_SECONDS", "4"))) {
      try (RawHttp fresh = RawHttp.connect(SLOW_CLIENT, TORG, torg.port(), 15_000);
          RawHttp keptAlive = RawHttp.connect(SLOW_CLIENT, TORG, torg.port(), 15_000)) {
        long freshStart = System.nanoTime();
        Trickle first = Trickle.start(fresh, "GET /health HTTP/1.1\r\nHost: " + TORG + "\r\nX-Slow: ");

        assertEquals(200, keptAlive.get(TORG, "/health").status(), "a whole request on the second connection");
        long answered = System.nanoTime();
        Trickle next = Trickle.start(keptAlive, "GET /health HTTP/1.1\r\nHost: " + TORG + "\r\nX-Slow: ");

        long[] closedAfter = new long[2];
        Thread firstWatcher = closeWatcher(fresh, freshStart, closedAfter, 0);
        Thread nextWatcher = closeWatcher(keptAlive, answered, closedAfter, 1);
        List<Long> latencies = servedWhile(torg, Duration.ofSeconds(10),
            () -> firstWatcher.isAlive() || nextWatcher.isAlive());
        firstWatcher.join(10_000);
        nextWatcher.join(10_000);
        first.stop();
        next.stop();
        double p99 = percentile(latencies, 0.99);
        System.out.printf("tricklers cut off after %d and %d ms; %d requests served meanwhile, p99 %.1f ms%n",
            closedAfter[0] / 1_000_000, closedAfter[1] / 1_000_000, latencies.size(), p99);
        assertTrue(closedAfter[0] >= 2_000_000_000L && closedAfter[0] < 4_000_000_000L,
            "a new connection's head is due within 2 s: closed after " + closedAfter[0] / 1_000_000 + " ms");
        assertTrue(closedAfter[1] >= 4_000_000_000L && closedAfter[1] < 6_000_000_000L,
            "a kept-alive connection's next head is due within 4 s: closed after " + closedAfter[1] / 1_000_000 + " ms");
        assertTrue(first.bytesSent() >= 2 && next.bytesSent() >= 2, "they kept trickling");
        assertTrue(latencies.size() >= 50, "requests served: " + latencies.size());
        assertTrue(p99 < 1000, "p99 " + p99 + " ms");
        assertEquals(2.0, closedMetric(torg, "header_timeout"), "counted in /metrics");
      }
    }
  }

  @Test
  void oneAddressGetsNoMoreThanItsConnectionsAndOthersAreServed() throws Exception {
    try (RunningTorg torg = RunningTorg.start(Map.of("TORG_HTTP_HOST", TORG, "TORG_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "5",
        "TORG_HTTP_MAX_HEADER_SIZE", "2048", "TORG_HTTP_MAX_INITIAL_LINE_LENGTH", "512"))) {
      List<RawHttp> held = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          RawHttp connection = RawHttp.connect(GREEDY_CLIENT, TORG, torg.port(), 5_000);
          held.add(connection);
          assertEquals(200, connection.get(TORG, "/health").status(), "connection " + (i + 1));
        }
        try (RawHttp sixth = RawHttp.connect(GREEDY_CLIENT, TORG, torg.port(), 5_000)) {
          sixth.send("GET /health HTTP/1.1\r\nHost: " + TORG + "\r\n\r\n");
          assertEquals(RawHttp.CLOSED, sixth.readAnswer(), "the sixth connection is closed unanswered");
        }
        assertEquals(1.0, closedMetric(torg, "per_address_limit"), "counted in /metrics");
        try (RawHttp other = RawHttp.connect(GOOD_CLIENT, TORG, torg.port(), 5_000)) {
          assertEquals(200, other.get(TORG, "/health").status(), "another address is served");
          // Heads past the limits are refused with their own statuses, not served or hung.
          other.send("GET /health HTTP/1.1\r\nHost: " + TORG + "\r\nX-Big: " + "x".repeat(3000) + "\r\n\r\n");
          assertEquals(431, other.readAnswer().status());
        }
        try (RawHttp other = RawHttp.connect(GOOD_CLIENT, TORG, torg.port(), 5_000)) {
          assertEquals(414, other.get(TORG, "/health?" + "q".repeat(600)).status());
        }
        held.remove(0).close();
        Eventually.holds("a place freed by a closed connection is taken again", Duration.ofSeconds(5), () -> {
          try (RawHttp again = RawHttp.connect(GREEDY_CLIENT, TORG, torg.port(), 5_000)) {
            return again.get(TORG, "/health").status() == 200;
          } catch (IOException e) {
            return false;
          }
        });
      } finally {
        for (RawHttp connection : held) {
          connection.close();
        }
      }
    }
  }

  @Test
  void behindAProxyEveryClientSharesItsAddressSoNoLimitPerAddressApplies() throws Exception {
    try (RunningTorg torg = RunningTorg.start(Map.of("TORG_HTTP_HOST", TORG, "TORG_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "2",
        "TORG_HTTP_BEHIND_PROXY", "true"))) {
      List<RawHttp> held = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          RawHttp connection = RawHttp.connect(GREEDY_CLIENT, TORG, torg.port(), 5_000);
          held.add(connection);
          assertEquals(200, connection.get(TORG, "/health").status(), "connection " + (i + 1) + " from the proxy");
        }
      } finally {
        for (RawHttp connection : held) {
          connection.close();
        }
      }
    }
  }

  /**
   * GETs from {@link #GOOD_CLIENT}, one after another (a page and the health check in turn),
   * for {@code period} or until {@code go} turns false; every one must be answered 200.
   *
   * @return each request's time in milliseconds
   */
  private List<Long> servedWhile(RunningTorg torg, Duration period, java.util.function.BooleanSupplier go)
      throws Exception {
    WebClient good = WebClient.create(vertx, new WebClientOptions().setLocalAddress(GOOD_CLIENT).setKeepAlive(false));
    List<Long> latencies = new ArrayList<>();
    long end = System.nanoTime() + period.toNanos();
    String[] paths = {"/health", "/"};
    while (System.nanoTime() < end && go.getAsBoolean()) {
      String path = paths[latencies.size() % 2];
      long start = System.nanoTime();
      int status = good.get(torg.port(), TORG, path).send().await(5, TimeUnit.SECONDS).statusCode();
      latencies.add((System.nanoTime() - start) / 1_000_000);
      assertEquals(200, status, path);
    }
    good.close();
    return latencies;
  }

  /** A thread that waits for the server to close {@code connection}, unanswered, and notes when. */
  private static Thread closeWatcher(RawHttp connection, long since, long[] closedAfter, int slot) {
    Thread watcher = new Thread(() -> {
      try {
        if (connection.readAnswer() == RawHttp.CLOSED) {
          closedAfter[slot] = System.nanoTime() - since;
        }
      } catch (IOException e) {
        // Left at 0: the assertion on closedAfter fails and says so.
      }
    });
    watcher.setDaemon(true);
    watcher.start();
    return watcher;
  }

  /** torg_http_connections_closed_total for a reason, read from /metrics by another address. */
  private static double closedMetric(RunningTorg torg, String reason) throws IOException {
    try (RawHttp client = RawHttp.connect(GOOD_CLIENT, TORG, torg.port(), 5_000)) {
      String metrics = client.get(TORG, "/metrics").body();
      String prefix = "torg_http_connections_closed_total{reason=\"" + reason + "\"} ";
      return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
          .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "in /metrics"));
    }
  }

  private static double percentile(List<Long> values, double p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }

  /** Writes a request head's start, then one byte a second, until stopped or the connection breaks. */
  private static final class Trickle {
    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean stopped;

    private Trickle(RawHttp connection, String start) {
      thread = new Thread(() -> {
        try {
          connection.send(start);
          while (!stopped) {
            connection.send("a");
            sent.incrementAndGet();
            Thread.sleep(1000);
          }
        } catch (IOException | InterruptedException ended) {
          // The server closed it: what the test waits for.
        }
      });
      thread.setDaemon(true);
    }

    static Trickle start(RawHttp connection, String start) {
      Trickle trickle = new Trickle(connection, start);
      trickle.thread.start();
      return trickle;
    }

    int bytesSent() {
      return sent.get();
    }

    void stop() {
      stopped = true;
      thread.interrupt();
    }
  }
}
