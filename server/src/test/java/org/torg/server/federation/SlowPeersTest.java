package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.torg.federation.fetch.FetchException;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.app.Services;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.HostilePeer;
import org.torg.server.support.HostilePeer.Behaviour;
import org.torg.server.support.RunningTorg;

/**
 * Peers that accept the connection and then never answer, trickle their answer a byte a second,
 * or send 3 GB (issue 17, faults): deliveries to them and fetches from them end within the
 * configured limits, on real sockets, while a well-behaved peer at the same time is served as
 * fast as ever. Torg on 127.0.0.145; the hostile peers on .146-.148, the good one on .149.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowPeersTest {

  private static final Duration CONNECT = Duration.ofSeconds(2);
  private static final Duration DELIVERY = Duration.ofSeconds(5);
  private static final Duration FETCH_READ = Duration.ofSeconds(2);
  private static final Duration FETCH = Duration.ofSeconds(5);
  /** Timers, a JVM under test load and the time to see a closed socket: a limit is kept if it ends this soon after. */
  private static final long SLACK_MILLIS = 1_500;
  /** What the good peer must be served within while the hostile ones hang. */
  private static final Duration GOOD = Duration.ofSeconds(2);

  static Vertx vertx;
  static RunningTorg torg;
  static Services services;
  static HostilePeer silent;
  static HostilePeer trickling;
  static HostilePeer tricklingBody;
  static HostilePeer flooding;
  static FakePeer good;

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://127.0.0.145", "TORG_HTTP_HOST", "127.0.0.145",
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_FEDERATION_CONNECT_TIMEOUT_SECONDS", Long.toString(CONNECT.toSeconds()),
        "TORG_FEDERATION_DELIVERY_TIMEOUT_SECONDS", Long.toString(DELIVERY.toSeconds()),
        "TORG_FEDERATION_FETCH_READ_TIMEOUT_SECONDS", Long.toString(FETCH_READ.toSeconds()),
        "TORG_FEDERATION_FETCH_TIMEOUT_SECONDS", Long.toString(FETCH.toSeconds())));
    services = torg.torg().services();
    silent = HostilePeer.start("127.0.0.146", Behaviour.NEVER_ANSWERS);
    trickling = HostilePeer.start("127.0.0.147", Behaviour.TRICKLES);
    tricklingBody = HostilePeer.start("127.0.0.147", Behaviour.TRICKLES_BODY);
    flooding = HostilePeer.start("127.0.0.148", Behaviour.SENDS_3_GB);
    good = FakePeer.start(vertx, "127.0.0.149");
    good.addActor("alice");
  }

  @AfterAll
  static void stop() throws IOException {
    silent.close();
    trickling.close();
    tricklingBody.close();
    flooding.close();
    good.close();
    torg.close();
    vertx.close().await();
  }

  @Test
  void deliveriesToHostilePeersEndWithinTheDeliveryTimeoutAndDoNotDelayAGoodPeer() {
    Actor group = services.localActors().create(ActorType.Group, "slowpeers", "Slow peers", null, false).await();
    // Six inboxes on each hostile host, more than its pool of four connections: the two that wait
    // for a connection are bounded too.
    List<String> hostile = new ArrayList<>();
    for (HostilePeer peer : List.of(silent, trickling, tricklingBody, flooding)) {
      for (int i = 0; i < 6; i++) {
        hostile.add(peer.base() + "/users/u" + i + "/inbox");
      }
    }
    int silentBefore = silent.connections().size();
    int tricklingBefore = trickling.connections().size();
    int tricklingBodyBefore = tricklingBody.connections().size();
    int floodingBefore = flooding.connections().size();
    int goodBefore = good.received().size();
    List<String> inboxes = new ArrayList<>(hostile);
    inboxes.add(good.base() + "/inbox");
    JsonObject activity = update(group);
    long queued = System.nanoTime();
    services.outbox().inTransaction(tx -> services.outbox().send(tx, group, activity, inboxes)).await();

    Eventually.holds("the good peer has its delivery", GOOD, () -> good.received().size() > goodBefore);
    long goodMillis = (System.nanoTime() - queued) / 1_000_000;
    // Delivered while the hostile peers still hold their connections.
    assertTrue(silent.connections().stream().skip(silentBefore).noneMatch(HostilePeer.Connection::closed),
        "the silent peer's connections were still open when the good peer was served");
    assertTrue(trickling.connections().stream().skip(tricklingBefore).noneMatch(HostilePeer.Connection::closed),
        "the trickling peer's connections were still open when the good peer was served");
    Eventually.holds("the good delivery is recorded", GOOD,
        () -> "delivered".equals(deliveryOf(activity, good.base() + "/inbox").getString("state")));
    // More activities to the good peer while the hostile deliveries hang: each is just as quick.
    for (int i = 0; i < 3; i++) {
      int before = good.received().size();
      long sent = System.nanoTime();
      JsonObject next = update(group);
      services.outbox().inTransaction(tx -> services.outbox().send(tx, group, next, List.of(good.base() + "/inbox"))).await();
      Eventually.holds("delivery " + (i + 2) + " to the good peer", GOOD, () -> good.received().size() > before);
      assertTrue(System.nanoTime() - sent < GOOD.toNanos());
    }

    long limit = DELIVERY.toMillis() + SLACK_MILLIS;
    Eventually.holds("every hostile delivery has an outcome", Duration.ofMillis(limit).minusNanos(System.nanoTime() - queued),
        () -> hostile.stream().allMatch(inbox -> hasOutcome(deliveryOf(activity, inbox))));
    for (String inbox : hostile) {
      Row row = deliveryOf(activity, inbox);
      if ("delivered".equals(row.getString("state"))) {
        // A status came at once: what follows it is not waited for. Only these two send one.
        assertTrue(inbox.startsWith(flooding.base()) || inbox.startsWith(tricklingBody.base()), inbox);
      } else {
        assertEquals("pending", row.getString("state"), inbox + " is retried later");
        assertTrue(row.getString("last_error").contains("timed out") || row.getString("last_error").contains("no answer within"),
            inbox + ": " + row.getString("last_error"));
      }
    }
    // Each host's four connections were answered; more deliveries to it waited for one of them
    // (the trickled body's are drained for up to the delivery timeout) no longer than the connect timeout.
    assertTrue(delivered(activity, flooding) >= 4, "deliveries to the 3 GB peer: " + delivered(activity, flooding));
    assertTrue(delivered(activity, tricklingBody) >= 4, "deliveries to the trickled body: " + delivered(activity, tricklingBody));
    // Torg hung up on every connection it opened to them within the limit (the drain of the flood's body included).
    assertHungUpWithin(silent, silentBefore, limit);
    assertHungUpWithin(trickling, tricklingBefore, limit);
    // The body after a status is drained for at most the delivery timeout again, then cut off.
    assertHungUpWithin(tricklingBody, tricklingBodyBefore, 2 * DELIVERY.toMillis() + SLACK_MILLIS);
    assertHungUpWithin(flooding, floodingBefore, limit);
    for (HostilePeer.Connection c : flooding.connections().subList(floodingBefore, flooding.connections().size())) {
      assertTrue(c.bytesSent() < 64L * 1024 * 1024, "Torg read " + c.bytesSent() + " bytes of the 3 GB answer");
    }
    System.out.printf("good peer served in %d ms; hostile connections held %s / %s / %s / %s ms%n", goodMillis,
        millis(silent, silentBefore), millis(trickling, tricklingBefore), millis(tricklingBody, tricklingBodyBefore),
        millis(flooding, floodingBefore));
  }

  @Test
  void fetchesFromHostilePeersEndWithinTheFetchLimitsAndDoNotDelayAGoodPeer() throws Exception {
    int silentBefore = silent.connections().size();
    int tricklingBefore = trickling.connections().size();
    int tricklingBodyBefore = tricklingBody.connections().size();
    int floodingBefore = flooding.connections().size();
    long started = System.nanoTime();
    Future<Failed> silentActor = timed(services.remoteActors().resolve(silent.base() + "/users/quiet"));
    Future<Failed> tricklingActor = timed(services.remoteActors().resolve(trickling.base() + "/users/slow"));
    Future<Failed> tricklingBodyActor = timed(services.remoteActors().resolve(tricklingBody.base() + "/users/slower"));
    Future<Failed> floodingActor = timed(services.remoteActors().resolve(flooding.base() + "/users/huge"));
    // A key for a signature: the same signed fetch (Torg's instance key), through the key cache.
    Future<Failed> tricklingKey = timed(services.remoteKeys().find(tricklingBody.base() + "/users/key#main-key"));

    Actor alice = services.remoteActors().resolve(good.actorUri("alice")).await(GOOD.toMillis(), TimeUnit.MILLISECONDS);
    long goodMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(good.actorUri("alice"), alice.uri());
    assertTrue(goodMillis < GOOD.toMillis(), "the good peer's actor in " + goodMillis + " ms");
    assertTrue(silent.connections().stream().skip(silentBefore).noneMatch(HostilePeer.Connection::closed),
        "the silent peer was still holding the fetch when the good one was done");

    long waited = FETCH.toMillis() + SLACK_MILLIS + 1_000;
    long silentMillis = failure(silentActor, waited).millis();
    long tricklingMillis = failure(tricklingActor, waited).millis();
    long tricklingBodyMillis = failure(tricklingBodyActor, waited).millis();
    Failed flood = failure(floodingActor, waited);
    long floodingMillis = flood.millis();
    long keyMillis = failure(tricklingKey, waited).millis();
    System.out.printf("fetches failed after: silent %d ms, trickled head %d ms, trickled body %d ms (key %d ms),"
        + " 3 GB %d ms; good peer %d ms%n", silentMillis, tricklingMillis, tricklingBodyMillis, keyMillis, floodingMillis,
        goodMillis);
    // Silence ends at the read timeout, and so does a head trickled in (Vert.x restarts that timer
    // only for a whole head). A body trickled in restarts it with every byte: the total limit ends it.
    assertBetween(silentMillis, FETCH_READ.toMillis(), FETCH_READ.toMillis() + SLACK_MILLIS, "silent peer");
    assertBetween(tricklingMillis, FETCH_READ.toMillis(), FETCH.toMillis() + SLACK_MILLIS, "trickled head");
    // On a loaded machine the trickle itself can stall past the read timeout, which then ends the
    // fetch first: either way it ends within the limits, which is what counts.
    assertBetween(tricklingBodyMillis, FETCH_READ.toMillis(), FETCH.toMillis() + SLACK_MILLIS, "trickled body");
    assertBetween(keyMillis, FETCH_READ.toMillis(), FETCH.toMillis() + SLACK_MILLIS, "key behind a trickled body");
    // The flood is cut off at 1 MiB, long before any timeout.
    assertTrue(floodingMillis < FETCH_READ.toMillis(), "3 GB peer: " + floodingMillis + " ms");
    assertEquals(FetchException.Reason.TOO_LARGE, ((FetchException) rootOf(flood.cause())).reason());

    assertHungUpWithin(silent, silentBefore, FETCH_READ.toMillis() + SLACK_MILLIS);
    assertHungUpWithin(trickling, tricklingBefore, FETCH.toMillis() + SLACK_MILLIS);
    assertHungUpWithin(tricklingBody, tricklingBodyBefore, FETCH.toMillis() + SLACK_MILLIS);
    assertHungUpWithin(flooding, floodingBefore, SLACK_MILLIS);
    for (HostilePeer.Connection c : flooding.connections().subList(floodingBefore, flooding.connections().size())) {
      assertTrue(c.bytesSent() < 64L * 1024 * 1024, "Torg read " + c.bytesSent() + " bytes of the 3 GB answer");
    }
  }

  @Test
  void anInboxPostWhoseKeyIsBehindATrickledBodyIsAnsweredWithinTheFetchTimeout() throws Exception {
    // Whoever signs with a key on a slow server ties up an inbox request only until the fetch limit.
    var key = RsaKeys.generate();
    String keyId = tricklingBody.base() + "/users/mallory#main-key";
    JsonObject activity = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", tricklingBody.base() + "/activities/1").put("type", "Follow")
        .put("actor", tricklingBody.base() + "/users/mallory").put("object", "http://127.0.0.145/users/nobody");
    byte[] body = activity.encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST",
        URI.create("http://127.0.0.145/inbox"), Map.of("Content-Type", "application/activity+json"), body, keyId,
        key.getPrivate(), Instant.now());
    var request = WebClient.create(vertx).post(torg.port(), "127.0.0.145", "/inbox");
    headers.forEach(request::putHeader);
    long started = System.nanoTime();
    // Meanwhile the good peer's own POSTs are answered at once.
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> slow = request.sendBuffer(Buffer.buffer(body));
    good.addActor("bob");
    long goodStarted = System.nanoTime();
    var goodAnswer = good.post("127.0.0.145", torg.port(), "127.0.0.145", "/inbox",
        good.activity("Follow", "bob", "http://127.0.0.145/users/nobody"), "bob", SignatureFormat.DRAFT_CAVAGE);
    long goodMillis = (System.nanoTime() - goodStarted) / 1_000_000;
    assertTrue(goodMillis < GOOD.toMillis(), "the good peer's POST answered in " + goodMillis + " ms");
    assertTrue(goodAnswer.statusCode() < 500, "good peer: " + goodAnswer.statusCode());

    int status = slow.await(FETCH.toMillis() + 5_000, TimeUnit.MILLISECONDS).statusCode();
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("inbox POST with a key behind a trickled body: %d after %d ms (good peer's: %d after %d ms)%n",
        status, millis, goodAnswer.statusCode(), goodMillis);
    assertTrue(status >= 400 && status < 600 && status != 500, "answered " + status);
    // As with the fetches above, a trickle that stalls on a loaded machine ends at the read timeout
    // first; either way the request is answered within the fetch limits.
    assertBetween(millis, FETCH_READ.toMillis(), FETCH.toMillis() + SLACK_MILLIS, "inbox POST");
  }

  private static JsonObject update(Actor group) {
    return services.activityDocuments().updateActor(group, new JsonObject().put("id", group.uri()).put("type", "Group"));
  }

  private static Row deliveryOf(JsonObject activity, String inbox) {
    var rows = services.pool().preparedQuery("SELECT d.state, d.attempts, d.last_status, d.last_error"
            + " FROM delivery d JOIN outbox_activity a ON a.id = d.activity_id WHERE a.uri = $1 AND d.inbox = $2")
        .execute(Tuple.of(activity.getString("id"), inbox)).await();
    return rows.iterator().next();
  }

  private static long delivered(JsonObject activity, HostilePeer peer) {
    return services.pool().preparedQuery("SELECT count(*) FROM delivery d JOIN outbox_activity a ON a.id = d.activity_id"
            + " WHERE a.uri = $1 AND d.inbox LIKE $2 AND d.state = 'delivered'")
        .execute(Tuple.of(activity.getString("id"), peer.base() + "/%")).await().iterator().next().getLong(0);
  }

  /** Delivered or refused, or its attempt recorded with the error it will be retried for. */
  private static boolean hasOutcome(Row delivery) {
    return !"pending".equals(delivery.getString("state")) || delivery.getString("last_error") != null;
  }

  /** How a fetch that must fail ended: after how many milliseconds, and why. */
  private record Failed(long millis, Throwable cause) {}

  private static <T> Future<Failed> timed(Future<T> future) {
    long started = System.nanoTime();
    return future.transform(done -> done.succeeded()
        ? Future.failedFuture(new AssertionError("a fetch from a hostile peer succeeded"))
        : Future.succeededFuture(new Failed((System.nanoTime() - started) / 1_000_000, done.cause())));
  }

  private static Failed failure(Future<Failed> timed, long waitMillis) {
    try {
      return timed.await(waitMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("still not ended after " + waitMillis + " ms");
    }
  }

  private static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof FetchException)) {
      t = t.getCause();
    }
    return t;
  }

  private static void assertHungUpWithin(HostilePeer peer, int from, long limitMillis) {
    List<HostilePeer.Connection> opened = peer.connections().subList(from, peer.connections().size());
    assertTrue(!opened.isEmpty(), peer.base() + " was never connected to");
    Eventually.holds("Torg hung up on " + peer.base(), Duration.ofMillis(limitMillis),
        () -> opened.stream().allMatch(HostilePeer.Connection::closed), () -> millisOf(opened));
    for (HostilePeer.Connection c : opened) {
      assertTrue(c.openMillis() <= limitMillis, peer.base() + " held " + c.openMillis() + " ms, limit " + limitMillis);
    }
  }

  private static String millis(HostilePeer peer, int from) {
    return millisOf(peer.connections().subList(from, peer.connections().size()));
  }

  private static String millisOf(List<HostilePeer.Connection> connections) {
    return connections.stream().map(c -> Long.toString(c.openMillis())).toList().toString();
  }

  private static void assertBetween(long value, long low, long high, String what) {
    assertTrue(value >= low - 100 && value <= high, what + ": " + value + " ms, expected " + low + "-" + high);
  }
}
