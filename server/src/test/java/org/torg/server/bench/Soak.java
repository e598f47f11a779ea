package org.torg.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.db.DatabaseUrl;
import org.torg.server.support.StoppablePostgres;
import org.torg.server.support.TorgProcess;

/**
 * The soak of the README's Performance section: the packaged jar, as operators run it, on a
 * PostgreSQL of its own (fsync on), under mixed traffic at steady rates for {@code soak.minutes}
 * (30; 3 in CI): signed inbound replies from follower servers, local replies posted through the
 * API (each delivered to every follower server, as are the inbound ones the Group Announces), and
 * thread reads (the page and the API). Each minute it records throughput and p99 per kind, the
 * server's heap after a full GC, its RSS, open connections and file descriptors, and the delivery
 * and inbox queue depths; at the end it prints the table and fails (exit 1) on errors, a growing
 * heap, a growing p99 or a queue that does not keep up. Bounded: it stops by itself.
 * Run: server/bench/soak.sh [-Dsoak.minutes=3]
 */
public final class Soak {

  private static final int MINUTES = Integer.getInteger("soak.minutes", 30);
  private static final int INBOUND_PER_SECOND = Integer.getInteger("soak.inbound_per_second", 30);
  private static final int POSTS_PER_SECOND = Integer.getInteger("soak.posts_per_second", 2);
  private static final int READS_PER_SECOND = Integer.getInteger("soak.reads_per_second", 40);
  private static final int FOLLOWER_SERVERS = Integer.getInteger("soak.follower_servers", 10);
  private static final String PASSWORD = "a long soak password";

  enum Kind {
    INBOUND("inbound"), POST("posts"), PAGE("thread pages"), API("thread API");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    int perSecond() {
      return switch (this) {
        case INBOUND -> INBOUND_PER_SECOND;
        case POST -> POSTS_PER_SECOND;
        case PAGE, API -> READS_PER_SECOND / 2;
      };
    }
  }

  /** What one minute's requests gave (by the minute they were sent in), and what was sampled at its end. */
  static final class Minute {
    final Map<Kind, List<Long>> latencies = new EnumMap<>(Kind.class);
    final Map<Kind, Integer> failures = new EnumMap<>(Kind.class);
    long deliveries;
    SoakSample sample;

    Minute() {
      for (Kind kind : Kind.values()) {
        latencies.put(kind, new ArrayList<>());
        failures.put(kind, 0);
      }
    }

    synchronized void record(Kind kind, long nanos, boolean ok) {
      latencies.get(kind).add(nanos);
      if (!ok) {
        failures.merge(kind, 1, Integer::sum);
      }
    }

    synchronized double p99Millis(Kind kind) {
      List<Long> sorted = new ArrayList<>(latencies.get(kind));
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      sorted.sort(null);
      return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6;
    }

    synchronized int count(Kind kind) {
      return latencies.get(kind).size();
    }

    synchronized int failed(Kind kind) {
      return failures.get(kind);
    }
  }

  private Soak() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("torg-soak");
    Vertx driver = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    BenchPeer peers = new BenchPeer(driver);
    List<Integer> peerPorts = peers.start(FOLLOWER_SERVERS);
    WebClient web = WebClient.create(driver, new WebClientOptions().setKeepAlive(true));
    int exit;
    try (StoppablePostgres pg = new StoppablePostgres(work.resolve("pg")).start();
        TorgProcess torg = TorgProcess.start(work.resolve("torg"), TorgProcess.onOwnDatabase(pg))) {
      DatabaseUrl db = pg.url();
      try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        exit = soak(torg, sql, web, peers, peerPorts);
      }
    } finally {
      web.close();
      driver.close().await();
    }
    System.exit(exit);
  }

  private static int soak(TorgProcess torg, Connection sql, WebClient web, BenchPeer peers, List<Integer> peerPorts)
      throws Exception {
    int port = torg.port();
    phase("set-up: an admin, a Group, a 50-post thread to read, " + FOLLOWER_SERVERS + " follower servers");
    if (torg.command(PASSWORD, "create-admin", "--username", "soaker") != 0) {
      throw new IllegalStateException("create-admin failed");
    }
    JsonObject session = call(web, port, "/api/v1/sessions",
        new JsonObject().put("username", "soaker").put("password", PASSWORD), null);
    String token = session.getString("accessToken");
    call(web, port, "/api/v1/groups", new JsonObject().put("name", "soak").put("displayName", "Soak"), token);
    String groupUri = torg.base() + "/groups/soak";
    JsonObject read = openThread(web, port, token, "Read all day");
    String readRoot = read.getJsonObject("root").getString("id");
    for (int i = 0; i < 49; i++) {
      call(web, port, "/api/v1/posts/" + readRoot + "/replies", new JsonObject().put("content", "Reply " + i + ": " + PROSE), token);
    }
    String readThread = read.getString("id");
    for (int peerPort : peerPorts) {
      JsonObject follow = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
          .put("id", BenchPeer.actorUri(peerPort) + "/follows/" + UUID.randomUUID()).put("type", "Follow")
          .put("actor", BenchPeer.actorUri(peerPort)).put("object", groupUri);
      int status = signedPost(web, port, peers, peerPort, follow).await();
      if (status != 202) {
        throw new IllegalStateException("a Follow was answered " + status);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (BenchApi.count(sql, "SELECT count(*) FROM follow f JOIN actor a ON a.id = f.followee_id WHERE a.uri = ?"
        + " AND f.state = 'accepted'", groupUri) < FOLLOWER_SERVERS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the follows were not accepted within 60 s");
      }
      Thread.sleep(100);
    }

    phase(String.format("mixed traffic for %d minutes: %d inbound replies/s, %d posts/s (each delivered to %d servers, as is every"
        + " inbound reply), %d thread reads/s", MINUTES, INBOUND_PER_SECOND, POSTS_PER_SECOND, FOLLOWER_SERVERS, READS_PER_SECOND));
    List<Minute> minutes = new ArrayList<>();
    AtomicReference<JsonObject> busy = new AtomicReference<>();
    Map<Kind, Long> sent = new ConcurrentHashMap<>();
    peers.resetCounts();
    for (int m = 0; m < MINUTES; m++) {
      // Access tokens live 15 minutes: the soaker refreshes its session each minute, as the web client does.
      session = call(web, port, "/api/v1/sessions/refresh", new JsonObject().put("refreshToken", session.getString("refreshToken")), null);
      token = session.getString("accessToken");
      // A new thread to reply into each minute: the load stays the same instead of one thread growing all day.
      busy.set(openThread(web, port, token, "Minute " + (m + 1)));
      Minute minute = new Minute();
      minutes.add(minute);
      long start = System.nanoTime();
      long end = start + TimeUnit.MINUTES.toNanos(1);
      sent.clear();
      while (System.nanoTime() < end) {
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Kind kind : Kind.values()) {
          long due = (long) (seconds * kind.perSecond());
          long done = sent.getOrDefault(kind, 0L);
          for (long i = done; i < due; i++) {
            send(kind, minute, web, port, token, peers, peerPorts.get((int) (i % peerPorts.size())), busy.get(), readThread);
          }
          sent.put(kind, Math.max(done, due));
        }
        Thread.sleep(10);
      }
      minute.deliveries = peers.posts.sumThenReset();
      minute.sample = SoakSample.take(torg, web, sql);
      System.out.printf(Locale.ROOT, "minute %d: %s; inbound p99 %.1f ms, page p99 %.1f ms%n", m + 1, minute.sample,
          minute.p99Millis(Kind.INBOUND), minute.p99Millis(Kind.PAGE));
    }
    Thread.sleep(10_000); // the last minute's answers (each request is limited to 10 s)
    System.out.println(table(minutes));
    return SoakVerdict.of(minutes).report(System.out);
  }

  private static void send(Kind kind, Minute minute, WebClient web, int port, String token, BenchPeer peers, int peerPort,
      JsonObject busy, String readThread) {
    long t0 = System.nanoTime();
    Future<Integer> status = switch (kind) {
      case INBOUND -> signedPost(web, port, peers, peerPort, reply(peerPort, busy.getJsonObject("root").getString("uri")));
      case POST -> web.post(port, "127.0.0.1", "/api/v1/posts/" + busy.getJsonObject("root").getString("id") + "/replies")
          .putHeader("Authorization", "Bearer " + token).timeout(10_000)
          .sendJsonObject(new JsonObject().put("content", PROSE)).map(HttpResponse::statusCode);
      case PAGE -> web.get(port, "127.0.0.1", "/threads/" + readThread).putHeader("Accept", "text/html")
          .putHeader("Accept-Encoding", "gzip").timeout(10_000).send().map(HttpResponse::statusCode);
      case API -> web.get(port, "127.0.0.1", "/api/v1/threads/" + readThread).putHeader("Accept-Encoding", "gzip")
          .timeout(10_000).send().map(HttpResponse::statusCode);
    };
    status.onComplete(answer -> minute.record(kind, System.nanoTime() - t0,
        answer.succeeded() && answer.result() >= 200 && answer.result() < 300));
  }

  /** A remote reply to the busy thread, as a follower server's user sends it. */
  private static JsonObject reply(int peerPort, String inReplyTo) {
    String actor = BenchPeer.actorUri(peerPort);
    String noteId = BenchPeer.base(peerPort) + "/notes/" + UUID.randomUUID();
    JsonObject note = new JsonObject().put("id", noteId).put("type", "Note").put("attributedTo", actor)
        .put("inReplyTo", inReplyTo).put("content", "<p>" + PROSE + "</p>").put("published", Instant.now().toString())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
    return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", noteId + "/activity").put("type", "Create").put("actor", actor).put("object", note);
  }

  private static Future<Integer> signedPost(WebClient web, int port, BenchPeer peers, int peerPort, JsonObject activity) {
    byte[] body = activity.encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", URI.create("http://127.0.0.1:" + port + "/inbox"),
        Map.of("Content-Type", "application/activity+json"), body, BenchPeer.actorUri(peerPort) + "#main-key",
        peers.key.getPrivate(), Instant.now());
    var request = web.post(port, "127.0.0.1", "/inbox").timeout(10_000);
    headers.forEach(request::putHeader);
    return request.sendBuffer(Buffer.buffer(body)).map(HttpResponse::statusCode);
  }

  private static JsonObject openThread(WebClient web, int port, String token, String title) {
    return BenchApi.openThread(web, port, token, "soak", title, PROSE);
  }

  private static JsonObject call(WebClient web, int port, String path, JsonObject body, String token) {
    return BenchApi.call(web, port, HttpMethod.POST, path, body, token);
  }

  private static String table(List<Minute> minutes) {
    StringBuilder out = new StringBuilder();
    out.append("| min | inbound/s | p99 ms | posts/s | p99 ms | pages/s | p99 ms | API reads/s | p99 ms | deliveries/s | failed"
        + " | heap after GC MB | RSS MB | connections | fds | delivery queue | inbox queue |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int m = 0; m < minutes.size(); m++) {
      Minute minute = minutes.get(m);
      out.append("| ").append(m + 1);
      int failed = 0;
      for (Kind kind : Kind.values()) {
        out.append(String.format(Locale.ROOT, " | %.1f | %.1f", minute.count(kind) / 60.0, minute.p99Millis(kind)));
        failed += minute.failed(kind);
      }
      SoakSample s = minute.sample;
      out.append(String.format(Locale.ROOT, " | %.0f | %d | %.0f | %.0f | %d | %d | %d | %d |%n", minute.deliveries / 60.0, failed,
          s.heapAfterGcBytes() / 1e6, s.rssBytes() / 1e6, s.connections(), s.fileDescriptors(), s.deliveryQueue(), s.inboxQueue()));
    }
    return out.toString();
  }

  private static void phase(String name) {
    System.out.println("== " + name + " (" + Instant.now() + ")");
  }

  private static final String PROSE = "The council should budget for a new library branch and keep it open on Sundays, because"
      + " families work during the week while pensioners and students need a quiet space; bus routes matter too.";
}
