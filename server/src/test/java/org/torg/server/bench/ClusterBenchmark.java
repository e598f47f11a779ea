package org.torg.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.LocalCluster;

/**
 * The cluster benchmark of the README's Performance section (server/bench/cluster.sh): inbound
 * activities/s and thread reads/s through HAProxy, on deploy/local-cluster.sh's setup, with one
 * node alone (cluster.enabled false), one clustered node, and two clustered nodes; beside them the
 * CPU each request costs the nodes, PostgreSQL and HAProxy, read from /proc. On one 2-core machine
 * two nodes cannot be faster; what must hold is the cost per request. Bounded in count and time.
 */
public final class ClusterBenchmark {

  /**
   * Clients per node: scaling out means more clients, each node seeing the load one node saw
   * (InboxWrites gathers the inserts that arrive together into one commit, so the load per node
   * decides how much one commit carries).
   */
  private static final int CONCURRENCY = 32;
  private static final String PEER = "127.0.0.85";
  private static final int PEER_PORT = 8085;
  private static final String PEER_BASE = "http://" + PEER + ":" + PEER_PORT;
  private static final int ACTORS = 200;

  /** CPU per request of the nodes together, PostgreSQL and HAProxy, and PostgreSQL transactions per request. */
  record Cost(double nodesMicros, double databaseMicros, double balancerMicros, double transactions) {
    double total() {
      return nodesMicros + databaseMicros + balancerMicros;
    }
  }

  record Measured(String label, double inboundPerSecond, Cost inbound, double readsPerSecond, Cost reads) {}

  public static void main(String[] args) throws Exception {
    int inbound = Integer.getInteger("bench.inbound", 10_000);
    int reads = Integer.getInteger("bench.reads", 20_000);
    // Per node: each JVM compiles Torg's hot paths itself, which takes tens of seconds of traffic
    // (FederationBenchmark); a node measured before that would charge the JIT to its requests.
    int warmUp = Integer.getInteger("bench.warmup", 15_000);
    Vertx driver = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    KeyPair key = RsaKeys.generate();
    HttpServer peer = driver.createHttpServer().requestHandler(request -> {
      String name = request.path().startsWith("/users/") ? request.path().substring(7) : "";
      String id = PEER_BASE + "/users/" + name;
      request.response().putHeader("Content-Type", "application/activity+json").end(new JsonObject()
          .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1"))
          .put("id", id).put("type", "Person").put("preferredUsername", name).put("inbox", id + "/inbox")
          .put("publicKey", new JsonObject().put("id", id + "#main-key").put("owner", id)
              .put("publicKeyPem", RsaKeys.publicKeyPem(key.getPublic()))).encode());
    });
    peer.listen(PEER_PORT, PEER).await();
    HttpClientAgent http = driver.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(2 * CONCURRENCY));
    List<Measured> results = new ArrayList<>();
    try {
      results.add(measure("1 node, not clustered, 32 clients", 1, false, CONCURRENCY, key, http, inbound, reads, warmUp));
      results.add(measure("1 node, clustered, 32 clients", 1, true, CONCURRENCY, key, http, inbound, reads, warmUp));
      results.add(measure("2 nodes, clustered, 64 clients", 2, true, 2 * CONCURRENCY, key, http, inbound, reads, warmUp));
      // The same load split over two nodes: each gathers half as many inserts per commit.
      results.add(measure("2 nodes, clustered, 32 clients", 2, true, CONCURRENCY, key, http, inbound, reads, warmUp));
    } finally {
      driver.close().await();
    }
    System.out.println();
    System.out.println("| setup | inbound/s | CPU per inbound activity: nodes + PostgreSQL + HAProxy | PostgreSQL transactions"
        + " per activity | thread reads/s | CPU per thread read: nodes + PostgreSQL + HAProxy |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (Measured m : results) {
      System.out.printf("| %s | %.0f | %.0f + %.0f + %.0f = %.0f µs | %.2f | %.0f | %.0f + %.0f + %.0f = %.0f µs |%n", m.label(),
          m.inboundPerSecond(), m.inbound().nodesMicros(), m.inbound().databaseMicros(), m.inbound().balancerMicros(),
          m.inbound().total(), m.inbound().transactions(), m.readsPerSecond(), m.reads().nodesMicros(),
          m.reads().databaseMicros(), m.reads().balancerMicros(), m.reads().total());
    }
    Measured alone = results.get(0);
    Measured one = results.get(1);
    Measured two = results.get(2);
    Measured split = results.get(3);
    System.out.printf("%nper-request CPU, 2 nodes (64 clients) vs 1 clustered node (32): inbound %+.1f %%, reads %+.1f %%%n",
        100 * (two.inbound().total() / one.inbound().total() - 1), 100 * (two.reads().total() / one.reads().total() - 1));
    System.out.printf("per-request CPU, 2 nodes (32 clients) vs 1 clustered node (32): inbound %+.1f %%, reads %+.1f %%%n",
        100 * (split.inbound().total() / one.inbound().total() - 1), 100 * (split.reads().total() / one.reads().total() - 1));
    System.out.printf("PostgreSQL work clustering adds per inbound activity: %+.0f µs (%.0f -> %.0f)%n",
        one.inbound().databaseMicros() - alone.inbound().databaseMicros(), alone.inbound().databaseMicros(),
        one.inbound().databaseMicros());
    // A node spends nodesMicros per activity on its cores, PostgreSQL databaseMicros on its own: with
    // as many cores each, PostgreSQL is the bottleneck once nodes x (1 / nodes cost) exceeds 1 / database cost.
    System.out.printf("nodes one PostgreSQL serves before it is the bottleneck (same cores per machine):"
            + " inbound %.1f, reads %.1f%n", two.inbound().nodesMicros() / two.inbound().databaseMicros(),
        two.reads().nodesMicros() / Math.max(1, two.reads().databaseMicros()));
  }

  private static Measured measure(String label, int nodes, boolean clustered, int clients, KeyPair key, HttpClientAgent http, int inbound,
      int reads, int warmUp) throws Exception {
    System.out.println("== " + label + " (" + Instant.now() + ")");
    try (LocalCluster cluster = LocalCluster.start(Path.of("target", "cluster-bench"), nodes, Map.of(
        "TORG_CLUSTER_ENABLED", Boolean.toString(clustered),
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        // Counted on every activity (in PostgreSQL when clustered), never reached.
        "TORG_MODERATION_INBOUND_PER_ACTOR_PER_MINUTE", "1000000",
        "TORG_MODERATION_INBOUND_PER_DOMAIN_PER_MINUTE", "10000000",
        "TORG_SESSIONS_ACCESS_TOKEN_MINUTES", "1440",
        "TORG_LOG_LEVEL", "WARN"));
        Connection db = cluster.database()) {
      cluster.createAdmin("chair", "chair-password-123");
      String token = json(http, HttpMethod.POST, "/api/v1/sessions", null,
          new JsonObject().put("username", "chair").put("password", "chair-password-123")).getString("accessToken");
      json(http, HttpMethod.POST, "/api/v1/groups", token, new JsonObject().put("name", "bench").put("replyPolicy", "anyone"));
      JsonObject thread = json(http, HttpMethod.POST, "/api/v1/groups/bench/threads", token,
          new JsonObject().put("title", "Bench").put("content", "A thread of 20 replies."));
      for (int i = 0; i < 20; i++) {
        json(http, HttpMethod.POST, "/api/v1/posts/" + thread.getJsonObject("root").getString("id") + "/replies", token,
            new JsonObject().put("content", "Reply " + i + ": " + "words ".repeat(40)));
      }
      String root = thread.getJsonObject("root").getString("uri");
      String threadPath = "/api/v1/threads/" + thread.getString("id");

      int warm = warmUp * nodes;
      List<FederationBenchmark.SignedPost> posts = presign(key, root, warm + inbound);
      inboundRun(http, clients, posts.subList(0, warm));
      awaitProcessed(db);
      Instant t0 = Instant.now();
      Snapshot before = Snapshot.of(cluster, nodes, db);
      LoadRun.Result in = inboundRun(http, clients, posts.subList(warm, posts.size()));
      awaitProcessed(db);
      Cost inboundCost = Snapshot.of(cluster, nodes, db).since(before, inbound);
      System.out.println("inbound: " + in + " (processed by " + Duration.between(t0, Instant.now()).toMillis() + " ms)");

      readRun(http, clients, threadPath, warm);
      before = Snapshot.of(cluster, nodes, db);
      LoadRun.Result read = readRun(http, clients, threadPath, reads);
      Cost readCost = Snapshot.of(cluster, nodes, db).since(before, reads);
      System.out.println("thread reads: " + read);
      return new Measured(label, in.perSecond(), inboundCost, read.perSecond(), readCost);
    }
  }

  record Snapshot(Duration nodes, Duration database, Duration balancer, long transactions) {
    static Snapshot of(LocalCluster cluster, int nodeCount, Connection db) throws Exception {
      Duration nodes = Duration.ZERO;
      for (int n = 1; n <= nodeCount; n++) {
        nodes = nodes.plus(cluster.nodeCpu(n));
      }
      long transactions;
      try (ResultSet rs = db.createStatement().executeQuery(
          "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
        rs.next();
        transactions = rs.getLong(1);
      }
      return new Snapshot(nodes, cluster.databaseCpu(), cluster.loadBalancerCpu(), transactions);
    }

    Cost since(Snapshot before, int requests) {
      return new Cost(nodes.minus(before.nodes).toNanos() / 1e3 / requests, database.minus(before.database).toNanos() / 1e3 / requests,
          balancer.minus(before.balancer).toNanos() / 1e3 / requests, (transactions - before.transactions) / (double) requests);
    }
  }

  /** Likes of one post by {@link #ACTORS} actors of one server, signed ahead: signing is the sender's cost. */
  private static List<FederationBenchmark.SignedPost> presign(KeyPair key, String object, int n) {
    List<FederationBenchmark.SignedPost> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String actor = PEER_BASE + "/users/a" + (i % ACTORS);
      byte[] body = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
          .put("id", PEER_BASE + "/likes/" + UUID.randomUUID()).put("type", "Like").put("actor", actor).put("object", object)
          .encode().getBytes(StandardCharsets.UTF_8);
      out.add(new FederationBenchmark.SignedPost(HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST",
          URI.create("http://" + LocalCluster.AUTHORITY + "/inbox"), Map.of("Content-Type", "application/activity+json"), body,
          actor + "#main-key", key.getPrivate(), Instant.now()), body));
    }
    return out;
  }

  private static LoadRun.Result inboundRun(HttpClientAgent http, int clients, List<FederationBenchmark.SignedPost> posts) {
    return LoadRun.run(clients, posts.size(), i -> {
      RequestOptions options = options(HttpMethod.POST, "/inbox");
      posts.get(i).headers().forEach(options::putHeader);
      options.putHeader("Host", LocalCluster.AUTHORITY);
      return http.request(options).compose(r -> r.send(Buffer.buffer(posts.get(i).body())))
          .compose(r -> r.body().map(b -> r.statusCode()));
    });
  }

  private static LoadRun.Result readRun(HttpClientAgent http, int clients, String path, int n) {
    return LoadRun.run(clients, n, i -> http.request(options(HttpMethod.GET, path).putHeader("Accept-Encoding", "gzip"))
        .compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode())));
  }

  private static RequestOptions options(HttpMethod method, String path) {
    return new RequestOptions().setMethod(method).setHost(LocalCluster.LOAD_BALANCER).setPort(LocalCluster.PORT).setURI(path);
  }

  private static JsonObject json(HttpClientAgent http, HttpMethod method, String path, String token, JsonObject body) {
    RequestOptions options = options(method, path).putHeader("Content-Type", "application/json");
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    return http.request(options).compose(r -> r.send(body.toBuffer())).compose(r -> r.body().map(b -> {
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + b);
      }
      return new JsonObject(b);
    })).await();
  }

  /** Until the queue is empty: the CPU of processing belongs to the requests measured. */
  private static void awaitProcessed(Connection db) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM inbox_activity WHERE state = 'queued'")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("inbound activities not processed within 180 s");
  }
}
