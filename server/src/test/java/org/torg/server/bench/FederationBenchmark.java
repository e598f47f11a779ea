package org.torg.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.app.ConfigLoader;
import org.torg.server.app.NativeCrypto;
import org.torg.server.app.Services;
import org.torg.server.app.Torg;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;

/**
 * The federation benchmark of the README's Performance section: a real Torg on its embedded
 * PostgreSQL, driven over loopback HTTP by peers in this JVM, beside the RSA ceilings measured in
 * the same run. Bounded in count and time; stops by itself. Run: server/bench/federation.sh
 */
public final class FederationBenchmark {

  private static final int SENDERS = 64;
  /**
   * Activities (new, then the same again) and deliveries per warm-up round. A server runs for
   * days: what is measured is its steady state, not the JIT still compiling Netty, Vert.x and the
   * PG client, which on two busy cores takes tens of seconds of traffic (a profile after a fixed
   * warm-up of 30,000 requests still showed the C2 compiler taking 13 % to 36 % of the CPU while
   * measuring). So rounds go on until one in which the JIT compiled for under
   * {@link #SETTLED_PERCENT} % of its time, at most {@link #MAX_ROUNDS} of them.
   */
  private static final int WARM_UP = Integer.getInteger("bench.warmup", 5_000);
  private static final int MAX_ROUNDS = Integer.getInteger("bench.maxWarmupRounds", 12);
  private static final double SETTLED_PERCENT = 3;

  public static void main(String[] args) throws Exception {
    int inbound = Integer.parseInt(System.getProperty("bench.inbound", "15000"));
    int deliveries = Integer.parseInt(System.getProperty("bench.deliveries", "8000"));
    NativeCrypto.Status crypto = NativeCrypto.install();
    System.out.println("== ceilings (raw RSA-2048, 2 threads, 2 s each); Torg's provider: " + crypto.provider()
        + crypto.unavailableBecause().map(why -> " (native unavailable: " + why + ")").orElse(""));
    System.out.printf("JDK (SunRsaSign) RSA-2048 verifications/s: %.0f%nJDK (SunRsaSign) RSA-2048 signatures/s: %.0f%n",
        rsaPerSecond(true, "SunRsaSign"), rsaPerSecond(false, "SunRsaSign"));
    double verifies = rsaPerSecond(true, null);
    double signs = rsaPerSecond(false, null);
    System.out.printf("RSA-2048 verifications/s: %.0f%nRSA-2048 signatures/s: %.0f%n", verifies, signs);
    System.out.printf("eddsa-jcs-2022 proof verifications/s (a Like): %.0f%neddsa-jcs-2022 proofs made/s (a Like): %.0f%n",
        proofsPerSecond(true), proofsPerSecond(false));
    System.out.println("inbound activities " + (PROOFS ? "carry" : "do not carry") + " proofs; deliveries always do");

    Vertx driver = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    BenchPeer peer = new BenchPeer(driver);
    List<Integer> ports = peer.start(1000);
    var dataDir = Files.createTempDirectory("torg-bench");
    Map<String, String> env = new HashMap<>();
    env.put("TORG_DATA_DIR", dataDir.toString());
    env.put("TORG_HTTP_PORT", "0");
    env.put("TORG_PUBLIC_URL", "http://127.0.0.1");
    env.put("TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true");
    env.put("TORG_DATABASE_POOL_SIZE", "16");
    // One server sends everything, each of its actors thousands a minute: the inbound rate limits
    // (per actor and per domain, a minute) would answer most of it 429. What is measured is
    // throughput, so they are off here.
    env.put("TORG_MODERATION_INBOUND_PER_ACTOR_PER_MINUTE", "0");
    env.put("TORG_MODERATION_INBOUND_PER_DOMAIN_PER_MINUTE", "0");
    // Any other setting can be tried from the command line: -DTORG_LOG_LEVEL=WARN and the like.
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("TORG_"))
        .forEach(k -> env.put(k, System.getProperty(k)));
    Torg torg = Torg.start(ConfigLoader.load(Optional.empty(), env));
    try {
      Services services = torg.services();
      Actor group = services.localActors().create(ActorType.Group, "bench", "Bench", null, false).await();

      phase("inbound: signed POST -> verified -> stored -> 202, " + SENDERS + " concurrent senders");
      int peerPort = ports.get(0);
      HttpClientAgent client = driver.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(SENDERS));
      // Warm-up: the key fetch, then the JIT on both paths (new activities and repeated ones).
      warmUp("inbound", () -> presign(peer.key, PROOFS ? peer.proofKey : null, peerPort, group.uri(), WARM_UP), round -> {
        run(client, torg.httpPort(), round);
        run(client, torg.httpPort(), round);
      });
      List<SignedPost> posts = presign(peer.key, PROOFS ? peer.proofKey : null, peerPort, group.uri(), inbound);
      freshInbound("fresh activities", "verified inbound activities", client, torg.httpPort(), posts, services, dataDir);
      phase("the same activities again");
      Cpu before = Cpu.now(dataDir);
      LoadRun.Result repeated = run(client, torg.httpPort(), posts);
      System.out.println("repeated (duplicate) activities: " + repeated);
      System.out.println(Cpu.now(dataDir).since(before, inbound));
      if (PROOFS) {
        // What Mastodon, Misskey and Lemmy send: an HTTP signature and no integrity proof.
        List<SignedPost> unproven = presign(peer.key, null, peerPort, group.uri(), inbound);
        freshInbound("fresh activities without proofs", "verified inbound activities without proofs", client, torg.httpPort(),
            unproven, services, dataDir);
      }

      phase("signed deliveries to zero-latency inboxes");
      peer.answerDelayMillis = 0;
      warmUp("deliveries", () -> null, none -> deliveries(services, group, ports.subList(0, 50), WARM_UP / 2, peer));
      phase("deliveries measured");
      Cpu before2 = Cpu.now(dataDir);
      double deliveryRate = deliveries(services, group, ports.subList(0, 50), deliveries, peer);
      System.out.printf("signed deliveries/s: %.0f%n", deliveryRate);
      System.out.println(Cpu.now(dataDir).since(before2, deliveries));

      phase("fan-out: one post, 10,000 followers on 1,000 shared inboxes answering after 100 ms");
      followers(services, group, ports);
      peer.answerDelayMillis = 100;
      long allAnswer = fanOut(services, group, peer, ports, 1000);
      System.out.println("all 1,000 shared inboxes answering: delivered in " + allAnswer + " ms");
      for (int i = 0; i < 100; i++) {
        peer.silent.put(ports.get(i * 10), true);
      }
      long someSilent = fanOut(services, group, peer, ports, 900);
      System.out.println("100 of them never answering: the other 900 delivered in " + someSilent + " ms");
      System.out.println("posts per shared inbox: " + peer.postsByPort.values().stream().mapToInt(AtomicInteger::get).max().orElse(0) + " at most");
    } finally {
      torg.stop();
      driver.close().await();
    }
  }

  /**
   * New activities, measured until answered and until the inbox worker has processed them: 202
   * means stored, and the next phase starts once the worker has caught up, so that what it
   * measures is not this phase's backlog.
   */
  static void freshInbound(String phaseName, String label, HttpClientAgent client, int port, List<SignedPost> posts,
      Services services, java.nio.file.Path dataDir) {
    phase(phaseName);
    Cpu before = Cpu.now(dataDir);
    long started = System.nanoTime();
    LoadRun.Result result = run(client, port, posts);
    long answered = System.nanoTime();
    System.out.println(label + ": " + result);
    if (result.statuses().getOrDefault(202, 0) < posts.size() * 99 / 100) {
      throw new IllegalStateException("inbound activities were not accepted (202): " + result.statuses());
    }
    awaitInboxProcessed(services, 120_000);
    long processed = System.nanoTime();
    System.out.printf("  all processed %d ms after the last answer: %.0f activities/s from the first request to the last processed%n",
        (processed - answered) / 1_000_000, posts.size() * 1e9 / (processed - started));
    System.out.println(Cpu.now(dataDir).since(before, posts.size()));
  }

  interface Round<T> {
    void run(T prepared) throws Exception;
  }

  /**
   * Warm-up rounds until the JIT has settled (see {@link #WARM_UP}); says how many it took.
   * {@code prepare} makes a round's input (signing it is the senders' work) outside the timing.
   */
  static <T> void warmUp(String what, Callable<T> prepare, Round<T> round) throws Exception {
    var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    double percent = 100;
    int rounds = 0;
    while (rounds < MAX_ROUNDS && percent >= SETTLED_PERCENT) {
      T prepared = prepare.call();
      long compiledBefore = jit.getTotalCompilationTime();
      long started = System.nanoTime();
      round.run(prepared);
      rounds++;
      // Compilation time summed over the compiler threads, against the round's wall time.
      percent = 100.0 * (jit.getTotalCompilationTime() - compiledBefore) / ((System.nanoTime() - started) / 1e6);
    }
    System.out.printf("  warm-up of %s: %d round%s; the JIT compiled for %.1f %% of the last%s%n", what, rounds,
        rounds == 1 ? "" : "s", percent, percent >= SETTLED_PERCENT ? " (not settled: figures below include compiling)" : "");
  }

  /** A heading with the time, so a profile of the run can be cut into phases. */
  private static void phase(String name) {
    System.out.println("== " + name + " (" + Instant.now() + ")");
  }

  /**
   * CPU time used so far by this JVM (Torg and the peers, which share it) and by the embedded
   * PostgreSQL: a per-request cost that other load on the machine disturbs less than a rate.
   */
  record Cpu(long wallNanos, long jvmNanos, long postgresNanos, long compileMillis) {
    static Cpu now(java.nio.file.Path dataDir) {
      long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      String dir = dataDir.toString();
      long pg = ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().map(c -> c.contains(dir) && c.contains("postgres")).orElse(false))
          .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
          .distinct()
          .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
      return new Cpu(System.nanoTime(), jvm, pg, java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
    }

    String since(Cpu before, int requests) {
      double wall = (wallNanos - before.wallNanos) / 1e9;
      return String.format("  cpu per request: JVM %.0f us, PostgreSQL %.0f us (JVM %.0f %%, PostgreSQL %.0f %% of one core;"
              + " JIT compiling %d ms)",
          (jvmNanos - before.jvmNanos) / 1e3 / requests, (postgresNanos - before.postgresNanos) / 1e3 / requests,
          (jvmNanos - before.jvmNanos) / 1e7 / wall, (postgresNanos - before.postgresNanos) / 1e7 / wall,
          compileMillis - before.compileMillis);
    }
  }

  record SignedPost(Map<String, String> headers, byte[] body) {}

  /** Requests signed ahead of the run: signing is the sender's cost, not Torg's. */
  /** Inbound activities carry FEP-8b32 proofs (-Dbench.proofs=false for none, as before issue 14). */
  static final boolean PROOFS = Boolean.parseBoolean(System.getProperty("bench.proofs", "true"));

  /** Remote actors the inbound activities come from (one server, so its rate limit is off). */
  static final int ACTORS = 200;

  static List<SignedPost> presign(KeyPair key, KeyPair proofKey, int peerPort, String object, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Callable<SignedPost>> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Many senders, as an inbox has: one actor's activities are handled in order, different
      // actors' side by side.
      String actor = BenchPeer.actorUri(peerPort, "a" + (i % ACTORS));
      jobs.add(() -> {
        JsonObject like = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
            .put("id", BenchPeer.base(peerPort) + "/likes/" + UUID.randomUUID()).put("type", "Like")
            .put("actor", actor).put("object", object);
        if (proofKey != null) {
          like = org.torg.federation.proof.IntegrityProofs.sign(like, actor + "#ed25519-key", proofKey.getPrivate(), Instant.now());
        }
        byte[] body = like.encode().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", URI.create("http://127.0.0.1/inbox"),
            Map.of("Content-Type", "application/activity+json"), body, actor + "#main-key", key.getPrivate(), Instant.now());
        return new SignedPost(headers, body);
      });
    }
    List<SignedPost> out = new ArrayList<>();
    for (var f : pool.invokeAll(jobs)) {
      out.add(f.get());
    }
    pool.shutdown();
    return out;
  }

  /** Sends every request, SENDERS at a time, and measures throughput and latency. */
  static LoadRun.Result run(HttpClientAgent client, int port, List<SignedPost> posts) {
    return LoadRun.run(SENDERS, posts.size(), i -> {
      SignedPost post = posts.get(i);
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI("/inbox");
      post.headers().forEach(options::putHeader);
      return client.request(options)
          .compose(request -> request.send(Buffer.buffer(post.body())))
          .compose(response -> response.body().map(b -> response.statusCode()));
    });
  }

  /** Queues n deliveries of one activity to distinct inboxes on the given servers; measures until all are delivered. */
  static double deliveries(Services services, Actor from, List<Integer> ports, int n, BenchPeer peer) {
    List<String> inboxes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inboxes.add(BenchPeer.base(ports.get(i % ports.size())) + "/inbox/" + i);
    }
    peer.resetCounts();
    JsonObject activity = services.activityDocuments().updateActor(from, new JsonObject().put("id", from.uri()).put("type", "Group"));
    long started = System.nanoTime();
    services.outbox().inTransaction(tx -> services.outbox().send(tx, from, activity, inboxes)).await();
    awaitDelivered(services, peer, activity.getString("id"), n, 120_000);
    return n * 1e9 / (System.nanoTime() - started);
  }

  /** 10 remote followers on each server, sharing its inbox. */
  static void followers(Services services, Actor group, List<Integer> ports) {
    List<Tuple> actors = new ArrayList<>();
    for (int port : ports) {
      for (int f = 0; f < 10; f++) {
        String uri = BenchPeer.base(port) + "/users/f" + f;
        actors.add(Tuple.of(uri, "f" + f, "127.0.0.1:" + port, uri + "/inbox", BenchPeer.base(port) + "/inbox"));
      }
    }
    services.pool().preparedQuery("INSERT INTO actor (uri, local, type, username, host, inbox, shared_inbox)"
        + " VALUES ($1, false, 'Person', $2, $3, $4, $5)").executeBatch(actors).await();
    services.pool().preparedQuery("INSERT INTO follow (follower_id, followee_id, state, activity_uri)"
        + " SELECT id, $1, 'accepted', uri || '#follow' FROM actor WHERE NOT local AND username LIKE 'f%'")
        .execute(Tuple.of(group.id())).await();
  }

  /**
   * One Create to all the group's followers; ms until {@code expect} shared inboxes have it. The
   * payload's object does not matter to delivery, so it reuses the Update's shape under a new type.
   */
  static long fanOut(Services services, Actor group, BenchPeer peer, List<Integer> ports, int expect) {
    peer.resetCounts();
    JsonObject create = services.activityDocuments().updateActor(group, new JsonObject().put("id", group.uri()).put("type", "Group"))
        .put("type", "Create");
    long started = System.nanoTime();
    services.outbox().inTransaction(tx -> services.follows().remoteFollowerInboxes(tx, group.id())
        .compose(inboxes -> services.outbox().send(tx, group, create, inboxes))).await();
    long queued = System.nanoTime();
    String id = create.getString("id");
    awaitDelivered(services, peer, id, expect, 60_000);
    long millis = (System.nanoTime() - started) / 1_000_000;
    // Where the time goes: finding the shared inboxes and queueing a delivery to each, then sending.
    long[] arrived = peer.arrivals.stream().mapToLong(t -> (t - queued) / 1_000_000).sorted().toArray();
    System.out.printf("  queued in %d ms, then sent in %d ms; POSTs arrived after the queueing: first %d ms, median %d ms, last %d ms%n",
        (queued - started) / 1_000_000, millis - (queued - started) / 1_000_000,
        arrived[0], arrived[arrived.length / 2], arrived[arrived.length - 1]);
    return millis;
  }

  /**
   * Until the inbox worker has processed every activity stored so far, by its counters: a count
   * of queued rows, asked every few milliseconds, would cost PostgreSQL more than the worker.
   */
  private static void awaitInboxProcessed(Services services, long limitMillis) {
    long deadline = System.currentTimeMillis() + limitMillis;
    while (System.currentTimeMillis() < deadline) {
      double stored = services.metrics().find("torg.inbox.activities").tag("result", "accepted").counters().stream()
          .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
      double processed = services.metrics().find("torg.inbox.processed").counters().stream()
          .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
      if (processed >= stored) {
        return;
      }
      sleep(5);
    }
    throw new IllegalStateException("inbox not processed within " + limitMillis + " ms");
  }

  private static void awaitDelivered(Services services, BenchPeer peer, String activityUri, int expect, long limitMillis) {
    long deadline = System.currentTimeMillis() + limitMillis;
    while (System.currentTimeMillis() < deadline) {
      // The peers count what they receive: no need to ask the database (a count over thousands of
      // rows, every 20 ms, on the CPU Torg is being measured on) before they have it all.
      if (peer.posts.sum() < expect) {
        sleep(5);
        continue;
      }
      long delivered = services.pool().preparedQuery("SELECT count(*) FROM delivery d JOIN outbox_activity a ON a.id = d.activity_id"
              + " WHERE a.uri = $1 AND d.state = 'delivered'").execute(Tuple.of(activityUri)).await()
          .iterator().next().getLong(0);
      if (delivered >= expect) {
        return;
      }
      sleep(5);
    }
    throw new IllegalStateException("not delivered within " + limitMillis + " ms");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Integrity proofs (JCS, SHA-256, Ed25519) of a small activity per second on 2 threads: their ceiling. */
  static double proofsPerSecond(boolean verify) throws Exception {
    KeyPair key = org.torg.federation.proof.Ed25519Keys.generate();
    JsonObject like = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", "https://peer.example/likes/1").put("type", "Like")
        .put("actor", "https://peer.example/users/bench").put("object", "https://torg.example/posts/1");
    JsonObject signed = org.torg.federation.proof.IntegrityProofs.sign(like, "https://peer.example/users/bench#ed25519-key",
        key.getPrivate(), Instant.now());
    var proof = org.torg.federation.proof.DataIntegrityProof.parseAll(signed).proofs().get(0);
    AtomicLong ops = new AtomicLong();
    long end = System.nanoTime() + 2_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Callable<Void>> jobs = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      jobs.add(() -> {
        while (System.nanoTime() < end) {
          if (verify) {
            org.torg.federation.proof.IntegrityProofs.verify(signed, proof, key.getPublic());
          } else {
            org.torg.federation.proof.IntegrityProofs.sign(like, "https://peer.example/users/bench#ed25519-key",
                key.getPrivate(), Instant.now());
          }
          ops.incrementAndGet();
        }
        return null;
      });
    }
    pool.invokeAll(jobs);
    pool.shutdown();
    return ops.get() / 2.0;
  }

  /**
   * Raw RSA-2048 operations per second on 2 threads: the ceiling the numbers above compare with;
   * {@code provider} null is the first provider, the one Torg uses.
   */
  static double rsaPerSecond(boolean verify, String provider) throws Exception {
    KeyPair key = RsaKeys.generate();
    byte[] data = new byte[200];
    Signature signer = signature(provider);
    signer.initSign(key.getPrivate());
    signer.update(data);
    byte[] signature = signer.sign();
    AtomicLong ops = new AtomicLong();
    long end = System.nanoTime() + 2_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Callable<Void>> jobs = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      jobs.add(() -> {
        Signature s = signature(provider);
        while (System.nanoTime() < end) {
          if (verify) {
            s.initVerify(key.getPublic());
            s.update(data);
            s.verify(signature);
          } else {
            s.initSign(key.getPrivate());
            s.update(data);
            s.sign();
          }
          ops.incrementAndGet();
        }
        return null;
      });
    }
    pool.invokeAll(jobs);
    pool.shutdown();
    return ops.get() / 2.0;
  }

  private static Signature signature(String provider) throws Exception {
    return provider == null ? Signature.getInstance("SHA256withRSA") : Signature.getInstance("SHA256withRSA", provider);
  }
}
