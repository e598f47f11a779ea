package org.torg.server.processing.delivery;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.federation.delivery.Deliverer;
import org.torg.federation.delivery.DeliveryOutcome;
import org.torg.federation.delivery.DeliveryResult;
import org.torg.federation.delivery.RetryPolicy;
import org.torg.federation.proof.IntegrityProofs;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.DeliveryRepository;
import org.torg.server.db.DeliveryRepository.Claimed;
import org.torg.server.model.AssertionKey;
import org.torg.server.model.LocalKeyPair;
import org.torg.server.processing.LocalActors;
import org.torg.server.processing.LocalKeys;

/**
 * Sends queued deliveries: claims due rows (SKIP LOCKED, so several nodes share the queue),
 * gives each activity its actor's integrity proof (FEP-8b32, once per activity: every delivery
 * of it shares the bytes), signs each delivery at send time, POSTs it, and records delivered, refused, or a retry with Mastodon's
 * back-off. Many deliveries are in flight at once, so a host that never answers holds a few
 * slots, not the queue (mastodon/mastodon#12445). A node runs one worker per core, each on its
 * own event loop with its own slots, sharing the queue as nodes do.
 */
public final class DeliveryWorker extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  static final int MAX_IN_FLIGHT = 512;
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final long POLL_MILLIS = 1_000;

  /** What signing for one local actor needs, looked up once: HTTP signatures and proofs. */
  private record Signer(String keyId, LocalKeyPair key, String proofKeyId, AssertionKey assertionKey) {}

  private final DeliveryRepository deliveries;
  private final ActorRepository actors;
  private final LocalKeys keys;
  private final LocalUris uris;
  private final Deliverer deliverer;
  private final RemoteHosts hosts;
  private final DeliveryMetrics metrics;
  /** For the interop suite's self-test only: signs every delivery instead of the actor's key. */
  private final Optional<PrivateKey> wrongKey;
  /** For the self-test too: an Ed25519 key of no actor signs every proof, or the peers would take the proofs alone. */
  private final Optional<PrivateKey> wrongProofKey;
  private final Random random = new Random();
  private final Map<Long, Signer> signers = new ConcurrentHashMap<>();
  /** Activity bodies by id, most recently used kept: deliveries of one activity share its bytes. */
  private final Map<Long, byte[]> bodies = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
      return size() > 1_000;
    }
  });
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Servers under a suspending domain block: a delivery queued before the block (or on another node) is dropped. */
  private final java.util.function.Predicate<String> suspendedHost;
  private final IntSupplier node;
  /** One worker per node reports the queue's depth: it is the node's figure, not the worker's. */
  private final boolean reportsQueueDepth;
  private final AtomicBoolean claiming = new AtomicBoolean();
  private final AtomicBoolean wakeAgain = new AtomicBoolean();
  private DeliveredBatch delivered;
  private MessageConsumer<Object> wakeUps;
  private long pollTimer;
  private long depthTimer;

  /**
   * @param wrongKey when present, signs every delivery in place of the actor's own key, under the
   *     actor's keyId: config/torg.yaml's federation.testing.sign_with_wrong_key, for tests only
   * @param wrongProofKey likewise, an Ed25519 key in place of the actor's for integrity proofs
   * @param node this node's number (NodeLocks), recorded on the rows it claims
   * @param reportsQueueDepth whether this worker counts the pending deliveries for /metrics
   */
  public DeliveryWorker(DeliveryRepository deliveries, ActorRepository actors, LocalKeys keys, LocalUris uris,
      Deliverer deliverer, RemoteHosts hosts, DeliveryMetrics metrics, java.util.function.Predicate<String> suspendedHost,
      Optional<PrivateKey> wrongKey, Optional<PrivateKey> wrongProofKey, IntSupplier node, boolean reportsQueueDepth) {
    this.reportsQueueDepth = reportsQueueDepth;
    this.wrongProofKey = wrongProofKey;
    this.node = node;
    this.suspendedHost = suspendedHost;
    this.deliveries = deliveries;
    this.actors = actors;
    this.keys = keys;
    this.uris = uris;
    this.deliverer = deliverer;
    this.hosts = hosts;
    this.metrics = metrics;
    this.wrongKey = wrongKey;
  }

  @Override
  public Future<?> start() {
    delivered = new DeliveredBatch(vertx, deliveries);
    wakeUps = vertx.eventBus().localConsumer(Outbox.WAKE_UP, message -> claim());
    pollTimer = vertx.setPeriodic(POLL_MILLIS, id -> claim());
    if (reportsQueueDepth) {
      depthTimer = vertx.setPeriodic(5_000, id -> deliveries.countPending().onSuccess(metrics::queueDepth));
    }
    // The hosts' health is loaded once for all workers before they start (RemoteHosts#load).
    return wakeUps.completion().onSuccess(v -> claim());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pollTimer);
    if (reportsQueueDepth) {
      vertx.cancelTimer(depthTimer);
    }
    return wakeUps.unregister();
  }

  /** Claims as many due rows as there are free slots; one claim at a time, another right after if woken meanwhile. */
  private void claim() {
    int free = MAX_IN_FLIGHT - inFlight.get();
    if (free <= 0) {
      return;
    }
    if (!claiming.compareAndSet(false, true)) {
      wakeAgain.set(true);
      return;
    }
    wakeAgain.set(false);
    deliveries.claim(Math.min(free, 200), LEASE, node.getAsInt())
        .compose(batch -> bodies(batch).map(ignored -> batch))
        .onSuccess(batch -> batch.forEach(this::send))
        .onComplete(done -> {
          if (done.failed()) {
            LOG.warn("delivery worker: {}", done.cause().getMessage());
          }
          claiming.set(false);
          boolean full = done.succeeded() && done.result().size() == Math.min(free, 200);
          if (full || wakeAgain.getAndSet(false)) {
            claim();
          }
        });
  }

  private void send(Claimed delivery) {
    inFlight.incrementAndGet();
    metrics.inFlightChanged(1);
    attempt(delivery)
        .onFailure(e -> LOG.warn("delivery {} to {}: {}", delivery.id(), delivery.inbox(), e.getMessage()))
        .onComplete(done -> {
          inFlight.decrementAndGet();
          metrics.inFlightChanged(-1);
          claim();
        });
  }

  private Future<Void> attempt(Claimed delivery) {
    if (suspendedHost.test(delivery.host())) {
      metrics.attempt(DeliveryOutcome.REFUSED);
      return deliveries.markFailed(delivery.id(), 0, "domain suspended");
    }
    if (!hosts.available(delivery.host())) {
      // Mastodon stops delivering to a host that failed on seven days, until it is heard from again.
      metrics.attempt(DeliveryOutcome.REFUSED);
      return deliveries.markFailed(delivery.id(), 0, "host unavailable");
    }
    byte[] body = bodies.get(delivery.activityId());
    if (body == null) {
      return Future.failedFuture(new IllegalStateException("activity " + delivery.activityId() + " vanished"));
    }
    return signer(delivery.actorId())
        .compose(signer -> deliverer.deliver(URI.create(delivery.inbox()), body, signer.keyId(),
            wrongKey.orElse(signer.key().privateKey()), hosts.firstFormat(delivery.host())))
        .compose(result -> record(delivery, result));
  }

  private Future<Void> record(Claimed delivery, DeliveryResult result) {
    metrics.attempt(result.outcome());
    return switch (result.outcome()) {
      case DELIVERED -> delivered.add(delivery.id())
          .compose(v -> hosts.succeeded(delivery.host(), result.formatUsed()));
      case REFUSED -> deliveries.markFailed(delivery.id(), result.status(), "refused: " + result.error())
          // A 4xx is an answer: the host is up, it just does not want this activity.
          .compose(v -> hosts.succeeded(delivery.host(), result.formatUsed()));
      case BLOCKED_ADDRESS -> deliveries.markFailed(delivery.id(), 0, result.error());
      case RETRY -> {
        Future<Void> recorded = RetryPolicy.exhausted(delivery.attempts())
            ? deliveries.markFailed(delivery.id(), result.status(), "gave up: " + result.error())
            : deliveries.scheduleRetry(delivery.id(), result.status(), result.error(),
                RetryPolicy.nextAttempt(delivery.attempts(), Instant.now(), result.retryAfter(), random));
        yield recorded.compose(v -> hosts.failed(delivery.host(), result.error()));
      }
    };
  }

  /**
   * Loads the bodies of a batch's activities not cached yet, each with its actor's proof: a
   * fan-out reads and proves its one activity once.
   */
  private Future<Void> bodies(List<Claimed> batch) {
    Map<Long, Long> missing = new java.util.HashMap<>();
    batch.forEach(d -> {
      if (!bodies.containsKey(d.activityId())) {
        missing.put(d.activityId(), d.actorId());
      }
    });
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    return deliveries.activityBodies(missing.keySet())
        .compose(found -> Future.all(found.entrySet().stream()
            .map(entry -> proven(missing.get(entry.getKey()), entry.getValue())
                .onSuccess(bytes -> bodies.put(entry.getKey(), bytes)))
            .toList()))
        .mapEmpty();
  }

  /**
   * The activity with its actor's eddsa-jcs-2022 proof, as bytes to send. The proof is made
   * once, when the activity is first delivered (a proof does not expire, unlike a signature's
   * Date); Ed25519 and canonicalization run on a worker thread.
   */
  private Future<byte[]> proven(long actorId, String json) {
    return signer(actorId).compose(signer -> vertx.executeBlocking(() -> IntegrityProofs.sign(new JsonObject(json),
            signer.proofKeyId(), wrongProofKey.orElse(signer.assertionKey().privateKey()), Instant.now())
        .encode().getBytes(StandardCharsets.UTF_8), false));
  }

  private Future<Signer> signer(long actorId) {
    Signer known = signers.get(actorId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return actors.findById(actorId).map(found -> found.orElseThrow(() -> new IllegalStateException("no actor " + actorId)))
        .compose(actor -> keys.ensure(LocalActors.keyOwner(actor))
            .compose(key -> keys.ensureAssertionKey(LocalActors.keyOwner(actor))
                .map(assertion -> new Signer(uris.mainKey(actor.uri()), key, uris.assertionKey(actor.uri()), assertion))))
        .onSuccess(signer -> signers.put(actorId, signer));
  }
}
