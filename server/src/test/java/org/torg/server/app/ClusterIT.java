package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.Eventually;
import org.torg.server.support.LocalCluster;

/**
 * The multi-node setup of deploy/local-cluster.sh, as README "Running several nodes" starts it:
 * Debian's PostgreSQL server, two Torg processes (the packaged jar) clustered on 127.0.0.81 and
 * .82, HAProxy on 127.0.0.80:8080. Remote servers are a peer on 127.0.0.85 in this JVM. Crashes
 * are real: a node is SIGKILLed mid-way and the other finishes its work. Skipped where
 * PostgreSQL's server or HAProxy is not installed, except on CI (CI=true), where it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String LB = LocalCluster.LOAD_BALANCER;
  private static final String NODE_A = LocalCluster.node(1);
  private static final String NODE_B = LocalCluster.node(2);
  private static final int PORT = LocalCluster.PORT;
  private static final String AUTHORITY = LocalCluster.AUTHORITY;
  private static final String PEER = "127.0.0.85";
  private static final int PEER_PORT = 8085;
  private static final String PEER_BASE = "http://" + PEER + ":" + PEER_PORT;
  private static final int FAN_OUT_PORTS = 8100;

  static LocalCluster cluster;
  static Vertx vertx;
  static HttpClientAgent http;
  static Connection db;
  static String chair;
  /** The root post of the first test's thread: what the rate-limit test's Likes are of. */
  static String firstRootUri;
  /** The one RSA key all the peer's actors sign with: key fetches and verification are per actor all the same. */
  static final KeyPair KEY = RsaKeys.generate();
  static final List<Received> received = new CopyOnWriteArrayList<>();
  /** Inboxes (URLs) that answer only after this delay (ms): deliveries in flight when a node dies. */
  static final Map<String, Long> slowInboxes = new ConcurrentHashMap<>();

  record Received(String inbox, String activityId, String type, String objectId, boolean closed, Instant at) {}

  @BeforeAll
  static void startCluster() throws Exception {
    boolean installed = LocalCluster.installed();
    if (!installed && "true".equals(System.getenv("CI"))) {
      fail("CI must install postgresql and haproxy (.ci/run) for the cluster tests");
    }
    Assumptions.assumeTrue(installed, "PostgreSQL's server or HAProxy is not installed: skipping the cluster tests");
    cluster = LocalCluster.start(Path.of("target", "local-cluster-it"), 2, Map.of(
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_MODERATION_INBOUND_PER_ACTOR_PER_MINUTE", "20",
        "TORG_MODERATION_INBOUND_PER_DOMAIN_PER_MINUTE", "0",
        "TORG_CONSULTATIONS_POLL_CLOSE_CHECK_MILLIS", "200",
        "TORG_SESSIONS_ACCESS_TOKEN_MINUTES", "1440",
        "TORG_JAVA_OPTS", "-Xmx512m"));

    vertx = Vertx.vertx();
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2000),
        new PoolOptions().setHttp1MaxSize(16));
    io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> peer = request -> {
      if (request.method() == HttpMethod.GET) {
        String name = request.path().startsWith("/users/") ? request.path().substring(7) : "";
        request.response().putHeader("Content-Type", "application/activity+json").end(actor(name).encode());
        return;
      }
      Instant at = Instant.now();
      request.body().onSuccess(body -> {
        JsonObject activity = new JsonObject(body.toString(StandardCharsets.UTF_8));
        Object object = activity.getValue("object");
        String objectId = object instanceof JsonObject o ? o.getString("id") : String.valueOf(object);
        boolean closed = object instanceof JsonObject o && o.containsKey("closed");
        String inbox = "http://" + PEER + ":" + request.localAddress().port() + request.path();
        received.add(new Received(inbox, activity.getString("id"), activity.getString("type"), objectId, closed, at));
        long delay = slowInboxes.getOrDefault(inbox, 0L);
        if (delay == 0) {
          request.response().setStatusCode(202).end();
        } else {
          vertx.setTimer(delay, t -> request.response().setStatusCode(202).end());
        }
      });
    };
    vertx.createHttpServer().requestHandler(peer).listen(PEER_PORT, PEER).await();
    // The fan-out's 200 servers, one shared inbox each: a host's deliveries share its connection pool.
    for (int i = 0; i < 200; i++) {
      vertx.createHttpServer().requestHandler(peer).listen(FAN_OUT_PORTS + i, PEER).await();
    }

    db = cluster.database();
    cluster.createAdmin("chair", "chair-password-123");
    chair = signIn("chair", "chair-password-123");
    JsonObject group = api(NODE_A, HttpMethod.POST, "/api/v1/groups", chair,
        new JsonObject().put("name", "city").put("replyPolicy", "anyone"));
    assertEquals(201, group.getInteger("status"), group.encode());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    try {
      if (db != null) {
        db.close();
      }
      if (vertx != null) {
        vertx.close().await();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  @Order(1)
  void aReplyAtNodeBShowsAtOnceInTheThreadReadThroughNodeA() throws Exception {
    JsonObject thread = api(NODE_A, HttpMethod.POST, "/api/v1/groups/city/threads", chair,
        new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?"));
    assertEquals(201, thread.getInteger("status"), thread.encode());
    String threadId = thread.getString("id");
    String rootId = thread.getJsonObject("root").getString("id");
    // Read through A first, so that A has the thread rendered and kept.
    assertEquals(0, replies(api(NODE_A, HttpMethod.GET, "/api/v1/threads/" + threadId, null, null)).size());

    JsonObject reply = api(NODE_B, HttpMethod.POST, "/api/v1/posts/" + rootId + "/replies", chair,
        new JsonObject().put("content", "Yes, at least on weekends."));
    assertEquals(201, reply.getInteger("status"), reply.encode());
    List<String> seen = replies(api(NODE_A, HttpMethod.GET, "/api/v1/threads/" + threadId, null, null));
    assertEquals(List.of(reply.getString("id")), seen, "the very next read through A shows B's reply");

    // A reply from another server, arriving at node B's inbox: visible through A once B has processed it.
    String rootUri = thread.getJsonObject("root").getString("uri");
    firstRootUri = rootUri;
    JsonObject note = new JsonObject().put("id", PEER_BASE + "/notes/" + UUID.randomUUID()).put("type", "Note")
        .put("attributedTo", actorUri("replier")).put("inReplyTo", rootUri).put("content", "<p>Please do.</p>")
        .put("published", Instant.now().toString()).put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
    assertEquals(202, postSigned(NODE_B, activity("Create", "replier", note)));
    Eventually.holds("the remote reply at B is in the thread read through A", Duration.ofSeconds(10),
        () -> replies(api(NODE_A, HttpMethod.GET, "/api/v1/threads/" + threadId, null, null)).size() == 2);
  }

  @Test
  @Order(2)
  void aRateLimitOfTwentyHoldsAtTwentyAcrossTheTwoNodes() {
    // TORG_MODERATION_INBOUND_PER_ACTOR_PER_MINUTE=20 on both nodes; 30 activities of one actor, alternately to each.
    String object = firstRootUri;
    Map<Integer, Integer> statuses = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      int status = postSigned(i % 2 == 0 ? NODE_A : NODE_B, activity("Like", "limited", object));
      statuses.merge(status, 1, Integer::sum);
    }
    assertEquals(Map.of(202, 20, 429, 10), statuses, "20 admitted, whichever node took them; the rest refused");
  }

  @Test
  @Order(3)
  void aPollClosesOnceWithBothNodesRunning() throws Exception {
    Instant endsAt = Instant.now().plusSeconds(6);
    JsonObject opened = api(LB, HttpMethod.POST, "/api/v1/groups/city/consultations", chair, new JsonObject()
        .put("title", "Line 4").put("content", "All night?").put("inputClosesAt", Instant.now().plusSeconds(3600).toString())
        .put("poll", new JsonObject().put("options", new JsonArray().add("Yes").add("No")).put("multiple", false)
            .put("endsAt", endsAt.toString())));
    assertEquals(201, opened.getInteger("status"), opened.encode());
    String questionUri = opened.getJsonObject("root").getString("uri");
    int voters = 30;
    for (int i = 0; i < voters; i++) {
      String voter = "voter" + i;
      JsonObject vote = new JsonObject().put("id", actorUri(voter) + "#votes/" + UUID.randomUUID()).put("type", "Note")
          .put("name", i % 3 == 0 ? "No" : "Yes").put("attributedTo", actorUri(voter)).put("inReplyTo", questionUri)
          .put("to", new JsonArray().add("http://" + AUTHORITY + "/users/chair"));
      assertEquals(202, postSigned(i % 2 == 0 ? NODE_A : NODE_B, activity("Create", voter, vote)));
    }
    Eventually.holds("every vote counted", Duration.ofSeconds(20), () -> scalar(
        "SELECT count(*) FROM inbox_activity WHERE actor_uri LIKE '%/users/voter%' AND state = 'done'") == voters);
    assertTrue(Instant.now().isBefore(endsAt), "the votes came in before the poll ended");

    Eventually.holds("each voter has the final Update", Duration.ofSeconds(30), () -> finalUpdates(questionUri).size() == voters);
    // Both nodes check for ended polls every 200 ms: wait for a second close, which must not come.
    Thread.sleep(3_000);
    Map<String, Long> perVoter = finalUpdates(questionUri);
    assertEquals(voters, perVoter.size());
    perVoter.forEach((inbox, n) -> assertEquals(1L, n, inbox + " got one final Update"));
    assertEquals(1, scalar("SELECT count(*) FROM outbox_activity WHERE type = 'Update' AND body->'object' ? 'closed'"
        + " AND body->'object'->>'id' = '" + questionUri + "'"), "one final Update of the Question was made");
  }

  @Test
  @Order(4)
  void fiveThousandInboundActivitiesAreEachProcessedOnceThoughANodeIsKilledMidWay() throws Exception {
    // Ten posts to like; 500 actors like each once: 5,000 distinct Likes, within the limit of 20 per actor and minute.
    JsonObject thread = api(NODE_A, HttpMethod.POST, "/api/v1/groups/city/threads", chair,
        new JsonObject().put("title", "Likes").put("content", "Like the posts of this thread."));
    List<String> posts = new ArrayList<>(List.of(thread.getJsonObject("root").getString("uri")));
    String rootId = thread.getJsonObject("root").getString("id");
    for (int i = 1; i < 10; i++) {
      JsonObject reply = api(NODE_A, HttpMethod.POST, "/api/v1/posts/" + rootId + "/replies", chair,
          new JsonObject().put("content", "Post " + i));
      posts.add(reply.getString("uri"));
    }
    List<Signed> likes = new ArrayList<>();
    for (int a = 0; a < 500; a++) {
      for (String post : posts) {
        likes.add(sign(activity("Like", "liker" + a, post)));
      }
    }
    java.util.Collections.shuffle(likes, new java.util.Random(16));
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger retried = new AtomicInteger();
    Promise<Void> killed = Promise.promise();
    answered.set(0);
    long started = System.nanoTime();
    List<Future<Integer>> results = new ArrayList<>();
    // 16 senders through the load balancer; each retries what was not answered 202, as a real server does.
    int senders = 16;
    int perSender = likes.size() / senders;
    for (int s = 0; s < senders; s++) {
      List<Signed> mine = likes.subList(s * perSender, s == senders - 1 ? likes.size() : (s + 1) * perSender);
      results.add(sendAll(mine, 0, answered, retried, () -> {
        if (answered.get() >= 2_500 && !killed.future().isComplete()) {
          killed.tryComplete();
          vertx.executeBlocking(() -> {
            cluster.kill(2);
            return null;
          });
        }
      }));
    }
    Future.all(results).await(180, TimeUnit.SECONDS);
    assertTrue(killed.future().isComplete(), "node B was killed mid-way");
    assertEquals(5_000, answered.get(), "every activity was answered 202 in the end");
    System.out.printf("5,000 Likes through the load balancer in %d ms, %d retried after node B died%n",
        (System.nanoTime() - started) / 1_000_000, retried.get());

    String ids = likes.stream().map(l -> "'" + l.id() + "'").collect(Collectors.joining(","));
    Eventually.holds("every activity answered 202 processed", Duration.ofSeconds(120),
        () -> scalar("SELECT count(*) FROM inbox_activity WHERE state = 'done' AND activity_uri IN (" + ids + ")") == 5_000,
        () -> "done: " + scalar("SELECT count(*) FROM inbox_activity WHERE state = 'done' AND activity_uri IN (" + ids + ")"));
    assertEquals(5_000, scalar("SELECT count(*) FROM inbox_activity WHERE activity_uri IN (" + ids + ")"), "each stored once");
    assertEquals(5_000, scalar("SELECT count(*) FROM post_reaction r JOIN post p ON p.id = r.post_id WHERE r.kind = 'like'"
        + " AND p.uri IN (" + posts.stream().map(p -> "'" + p + "'").collect(Collectors.joining(",")) + ")"),
        "each Like counted exactly once");
    cluster.restart(2);
  }

  @Test
  @Order(5)
  void aFanOutToTwoThousandFollowersOnTwoHundredInboxesIsFinishedByNodeBWhenNodeAIsKilled() throws Exception {
    // 2,000 followers of the Group, ten on each of 200 servers whose shared inboxes answer after 0 to 4 s.
    try (PreparedStatement actor = db.prepareStatement("INSERT INTO actor (uri, local, type, username, host, inbox, shared_inbox)"
        + " VALUES (?, false, 'Person', ?, ?, ?, ?)")) {
      for (int inbox = 0; inbox < 200; inbox++) {
        String server = "http://" + PEER + ":" + (FAN_OUT_PORTS + inbox);
        String shared = server + "/inbox";
        slowInboxes.put(shared, (long) (inbox * 20));
        for (int f = 0; f < 10; f++) {
          String uri = server + "/users/follower-" + f;
          actor.setString(1, uri);
          actor.setString(2, "follower-" + inbox + "-" + f);
          actor.setString(3, PEER + ":" + (FAN_OUT_PORTS + inbox));
          actor.setString(4, uri + "/inbox");
          actor.setString(5, shared);
          actor.addBatch();
        }
      }
      actor.executeBatch();
    }
    db.createStatement().executeUpdate("INSERT INTO follow (follower_id, followee_id, state, activity_uri)"
        + " SELECT f.id, g.id, 'accepted', f.uri || '#follow' FROM actor f, actor g"
        + " WHERE f.username LIKE 'follower-%' AND NOT f.local AND g.local AND g.type = 'Group' AND g.username = 'city'");
    assertEquals(2_000, scalar("SELECT count(*) FROM follow f JOIN actor g ON g.id = f.followee_id WHERE g.username = 'city'"
        + " AND f.follower_id IN (SELECT id FROM actor WHERE username LIKE 'follower-%')"));

    Instant posted = Instant.now();
    JsonObject thread = api(NODE_A, HttpMethod.POST, "/api/v1/groups/city/threads", chair,
        new JsonObject().put("title", "Fan-out").put("content", "To every follower."));
    assertEquals(201, thread.getInteger("status"), thread.encode());
    Eventually.holds("the first deliveries answered", Duration.ofSeconds(20), () -> scalar(
        "SELECT count(*) FROM delivery WHERE state = 'delivered' AND " + FAN_OUT + " AND created_at >= '" + posted + "'") >= 20);
    // Node A is whichever node claimed most of the fan-out (NOTIFY wakes both): the one to kill.
    long busiest = scalar("SELECT claimed_by FROM delivery WHERE state = 'pending' AND " + FAN_OUT
        + " AND created_at >= '" + posted + "' GROUP BY claimed_by ORDER BY count(*) DESC LIMIT 1");
    int nodeA = cluster.nodeNumber(1) == busiest ? 1 : 2;
    assertEquals(busiest, cluster.nodeNumber(nodeA), "the busiest claimer is one of the two nodes");
    long survivor = cluster.nodeNumber(3 - nodeA);
    long claimedByA = scalar("SELECT count(*) FROM delivery WHERE state = 'pending' AND claimed_by = " + busiest
        + " AND " + FAN_OUT + " AND created_at >= '" + posted + "'");
    cluster.kill(nodeA);
    Instant killedAt = Instant.now();
    long deliveredAtKill = scalar(
        "SELECT count(*) FROM delivery WHERE state = 'delivered' AND " + FAN_OUT + " AND created_at >= '" + posted + "'");

    Eventually.holds("node B finishes the fan-out", Duration.ofSeconds(60), () -> scalar(
        "SELECT count(*) FROM delivery WHERE state <> 'delivered' AND " + FAN_OUT + " AND created_at >= '" + posted + "'") == 0);
    Map<String, Instant> finished = new HashMap<>();
    List<String> activities = new ArrayList<>();
    try (ResultSet rs = db.createStatement().executeQuery("SELECT a.uri, d.inbox, d.finished_at FROM delivery d"
        + " JOIN outbox_activity a ON a.id = d.activity_id WHERE d." + FAN_OUT + " AND d.created_at >= '" + posted + "'")) {
      while (rs.next()) {
        finished.put(rs.getString(1) + " " + rs.getString(2), rs.getTimestamp(3).toInstant());
        if (!activities.contains(rs.getString(1))) {
          activities.add(rs.getString(1));
        }
      }
    }
    assertEquals(200 * activities.size(), finished.size(), "one delivery row per shared inbox and activity");
    Map<String, Long> receipts = received.stream().filter(r -> activities.contains(r.activityId()))
        .collect(Collectors.groupingBy(r -> r.activityId() + " " + r.inbox(), Collectors.counting()));
    assertEquals(finished.keySet(), receipts.keySet(), "every inbox got every activity of the post");
    long afterCompletion = received.stream().filter(r -> finished.containsKey(r.activityId() + " " + r.inbox()))
        .filter(r -> r.at().isAfter(finished.get(r.activityId() + " " + r.inbox()))).count();
    assertEquals(0, afterCompletion, "nothing sent again once its delivery was recorded as done");
    long byB = finished.values().stream().filter(t -> t.isAfter(killedAt)).count();
    assertTrue(claimedByA > 0, "node A had deliveries in hand when it died");
    assertEquals(0, scalar("SELECT count(*) FROM delivery WHERE claimed_by = " + busiest + " AND " + FAN_OUT
        + " AND created_at >= '" + posted + "' AND finished_at > '" + killedAt + "'"), "nothing finished by the dead node");
    // A row claimed twice was A's, then B's: B took it over when A died (attempts count claims).
    long takenOver = scalar("SELECT count(*) FROM delivery WHERE claimed_by = " + survivor + " AND attempts >= 2 AND "
        + FAN_OUT + " AND created_at >= '" + posted + "'");
    assertTrue(takenOver > 0, "node B took over deliveries node A held, and finished them");
    System.out.printf("fan-out: %d activities x 200 inboxes; %d delivered when node A died holding %d, %d after, by node B"
            + " (%d of them taken over from A); %d sent twice (in flight when A died)%n", activities.size(), deliveredAtKill,
        claimedByA, byB, takenOver,
        receipts.values().stream().filter(n -> n > 1).count());
  }

  // --- the peer's actors and signed requests -------------------------------------------------

  /** The fan-out's delivery rows: those to the 200 servers' shared inboxes. */
  private static final String FAN_OUT = "inbox LIKE 'http://" + PEER + ":8%/inbox' AND inbox NOT LIKE '" + PEER_BASE + "/%'";

  static String actorUri(String name) {
    return PEER_BASE + "/users/" + name;
  }

  /** Voters get inboxes of their own (one final Update each); the others share the peer's inbox. */
  static JsonObject actor(String name) {
    String id = actorUri(name);
    JsonObject doc = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1"))
        .put("id", id).put("type", "Person").put("preferredUsername", name).put("inbox", id + "/inbox")
        .put("publicKey", new JsonObject().put("id", id + "#main-key").put("owner", id)
            .put("publicKeyPem", RsaKeys.publicKeyPem(KEY.getPublic())));
    if (!name.startsWith("voter")) {
      doc.put("endpoints", new JsonObject().put("sharedInbox", PEER_BASE + "/inbox"));
    }
    return doc;
  }

  static JsonObject activity(String type, String actorName, Object object) {
    return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", PEER_BASE + "/activities/" + UUID.randomUUID()).put("type", type).put("actor", actorUri(actorName))
        .put("object", object);
  }

  record Signed(String id, Map<String, String> headers, byte[] body) {}

  static Signed sign(JsonObject activity) {
    byte[] body = activity.encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", URI.create("http://" + AUTHORITY + "/inbox"),
        Map.of("Content-Type", "application/activity+json"), body, activity.getString("actor") + "#main-key",
        KEY.getPrivate(), Instant.now());
    return new Signed(activity.getString("id"), headers, body);
  }

  /** POSTs to the shared inbox of a node (or the load balancer), signed for the public authority. */
  static int postSigned(String host, JsonObject activity) {
    return send(host, sign(activity)).await();
  }

  static Future<Integer> send(String host, Signed signed) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(PORT).setURI("/inbox");
    signed.headers().forEach(options::putHeader);
    options.putHeader("Host", AUTHORITY);
    return http.request(options)
        .compose(request -> request.send(Buffer.buffer(signed.body())))
        .compose(response -> response.body().map(b -> response.statusCode()));
  }

  /** Sends one after the other through the load balancer; what is not answered 202 is sent again, 20 times at most. */
  static Future<Integer> sendAll(List<Signed> posts, int index, AtomicInteger answered, AtomicInteger retried, Runnable afterEach) {
    if (index == posts.size()) {
      return Future.succeededFuture(index);
    }
    return sendUntilAccepted(posts.get(index), 0, retried).compose(v -> {
      answered.incrementAndGet();
      afterEach.run();
      return sendAll(posts, index + 1, answered, retried, afterEach);
    });
  }

  static Future<Void> sendUntilAccepted(Signed signed, int attempt, AtomicInteger retried) {
    return send(LB, signed).recover(e -> Future.succeededFuture(0)).compose(status -> {
      if (status == 202) {
        return Future.succeededFuture();
      }
      if (attempt >= 20) {
        return Future.failedFuture("not accepted after 20 tries: " + status);
      }
      retried.incrementAndGet();
      Promise<Void> later = Promise.promise();
      vertx.setTimer(250, t -> sendUntilAccepted(signed, attempt + 1, retried).onComplete(later));
      return later.future();
    });
  }

  // --- the API, the database and the script ---------------------------------------------------

  /** The JSON answer with its status added as "status" (arrays under "items"). */
  static JsonObject api(String host, HttpMethod method, String path, String token, JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(PORT).setURI(path)
        .putHeader("Host", AUTHORITY).putHeader("Accept", "application/json");
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(response -> response.body().map(b -> {
          String text = b.toString(StandardCharsets.UTF_8).strip();
          JsonObject out = text.startsWith("{") ? new JsonObject(text)
              : new JsonObject().put("items", text.startsWith("[") ? new JsonArray(text) : new JsonArray());
          return out.put("status", response.statusCode());
        })).await();
  }

  static List<String> replies(JsonObject thread) {
    return thread.getJsonObject("root").getJsonArray("replies").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  static Map<String, Long> finalUpdates(String questionUri) {
    return received.stream().filter(r -> "Update".equals(r.type()) && r.closed() && questionUri.equals(r.objectId()))
        .collect(Collectors.groupingBy(Received::inbox, Collectors.counting()));
  }

  static String signIn(String username, String password) {
    JsonObject session = api(LB, HttpMethod.POST, "/api/v1/sessions", null,
        new JsonObject().put("username", username).put("password", password));
    assertEquals(200, session.getInteger("status"), session.encode());
    return session.getString("accessToken");
  }

  static long scalar(String sql) {
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
