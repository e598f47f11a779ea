package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.federation.vocab.InboundActivity;
import org.torg.server.db.InboxRepository;
import org.torg.server.db.InboxRepository.QueuedActivity;

/**
 * Processes stored activities: woken when the inbox stores one (on this node through the event
 * bus, from any node through PostgreSQL's NOTIFY), and every few seconds in case a retry fell due. A failing handler is retried with back-off, then
 * the activity is marked failed; nothing is lost on restart because the queue is the table.
 */
public final class InboxWorker extends VerticleBase {

  public static final String WAKE_UP = "torg.inbox.wake-up";
  private static final Logger LOG = LoggerFactory.getLogger(InboxWorker.class);
  /**
   * Activities claimed at once. What became of them is written together when the batch ends, so
   * a node that dies mid-batch has its batch handled again after the lease. Handlers are safe to
   * run twice: their changes are upserts, and a repeated Follow only sends its Accept again.
   */
  private static final int BATCH = 64;
  private static final int MAX_ATTEMPTS = 5;
  /** How long a claimed row is this node's; rows handed over in memory are stored with it too. */
  static final Duration LEASE = Duration.ofMinutes(2);
  /** Every so many batches one is claimed from the table though rows wait in memory: retries and a dead node's rows are not starved. */
  private static final int TABLE_EVERY = 8;
  private static final long POLL_MILLIS = 2_000;

  private final InboxRepository inbox;
  private final InboxHandoff handoff;
  private final InboxProcessor processor;
  private final InboxMetrics metrics;
  private final IntSupplier node;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean wakeAgain = new AtomicBoolean();
  private MessageConsumer<Object> wakeUps;
  private long timer;
  private int batches;

  /**
   * @param handoff rows this node's inbox stored claimed by this node, handed over in memory
   * @param node this node's number (NodeLocks), recorded on the rows it claims
   */
  public InboxWorker(InboxRepository inbox, InboxHandoff handoff, InboxProcessor processor, InboxMetrics metrics, IntSupplier node) {
    this.handoff = handoff;
    this.node = node;
    this.inbox = inbox;
    this.processor = processor;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().localConsumer(WAKE_UP, message -> drain());
    timer = vertx.setPeriodic(POLL_MILLIS, id -> drain());
    handoff.open(node);
    drain();
    return wakeUps.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    handoff.close();
    return wakeUps.unregister();
  }

  /** One drain at a time; a wake-up during a drain runs another right after. */
  private void drain() {
    if (!draining.compareAndSet(false, true)) {
      wakeAgain.set(true);
      return;
    }
    wakeAgain.set(false);
    drainBatches().onComplete(done -> {
      if (done.failed()) {
        LOG.warn("inbox worker: {}", done.cause().getMessage());
      }
      draining.set(false);
      if (wakeAgain.getAndSet(false)) {
        drain();
      }
    });
  }

  /** Rows handed over in memory first, then the table's; until neither has any. */
  private Future<Void> drainBatches() {
    boolean tableTurn = ++batches % TABLE_EVERY == 0;
    List<QueuedActivity> handed = tableTurn ? List.of() : handoff.take(BATCH);
    Future<List<QueuedActivity>> next = handed.isEmpty() ? inbox.claim(BATCH, LEASE, node.getAsInt()) : Future.succeededFuture(handed);
    return next.compose(batch -> {
      if (!batch.isEmpty()) {
        return processInOrder(batch).compose(v -> drainBatches());
      }
      // An empty table on its turn says nothing of the rows waiting in memory.
      return tableTurn ? drainBatches() : Future.succeededFuture();
    });
  }

  /**
   * Each actor's activities in arrival order (a Follow and its Undo arriving together must not
   * swap), different actors' side by side: handled one after another, a batch waited for each
   * activity's database round trips in turn, and the worker fell behind the inbox under load
   * while PostgreSQL had connections idle.
   */
  private Future<Void> processInOrder(List<QueuedActivity> batch) {
    Results results = new Results();
    Map<String, List<QueuedActivity>> byActor = new LinkedHashMap<>();
    batch.forEach(queued -> byActor.computeIfAbsent(queued.actorUri(), a -> new ArrayList<>()).add(queued));
    List<Future<Void>> chains = new ArrayList<>(byActor.size());
    for (List<QueuedActivity> own : byActor.values()) {
      Future<Void> chain = Future.succeededFuture();
      for (QueuedActivity queued : own) {
        chain = chain.compose(v -> processOne(queued, results));
      }
      chains.add(chain);
    }
    // processOne never fails: each outcome is in the results.
    return Future.join(chains).transform(all -> inbox.markDone(results.doneIds, results.outcomes))
        .compose(v -> inbox.markFailed(results.failedIds, results.errors, results.retrySeconds));
  }

  /**
   * What became of each activity of a batch, written in one statement for those done and one for
   * those failed. Synchronized: a handler may complete on another context than the worker's.
   */
  private static final class Results {
    final List<Long> doneIds = new ArrayList<>();
    final List<String> outcomes = new ArrayList<>();
    final List<Long> failedIds = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final List<Double> retrySeconds = new ArrayList<>();

    synchronized void done(long id, String outcome) {
      doneIds.add(id);
      outcomes.add(outcome);
    }

    /** @param retryIn null: give up */
    synchronized void failed(long id, String error, Duration retryIn) {
      failedIds.add(id);
      errors.add(error);
      retrySeconds.add(retryIn == null ? null : (double) retryIn.toSeconds());
    }
  }

  private Future<Void> processOne(QueuedActivity queued, Results results) {
    InboundActivity activity;
    try {
      activity = InboundActivity.parse(queued.body());
    } catch (InboundActivity.NotAnActivityException e) {
      results.failed(queued.id(), e.getMessage(), null);
      return Future.succeededFuture();
    }
    String handledAs = InboxProcessor.handledAs(activity);
    Future<String> outcome;
    try {
      outcome = processor.process(activity);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.transform(handled -> {
      if (handled.succeeded()) {
        String result = handled.result();
        metrics.processed(handledAs, result.startsWith("ignored") ? "ignored" : "done");
        if (result.startsWith("rejected:")) {
          metrics.rejected(result.substring("rejected:".length()));
        }
        results.done(queued.id(), result);
      } else {
        Throwable failure = handled.cause();
        metrics.processed(handledAs, "failed");
        boolean giveUp = queued.attempts() >= MAX_ATTEMPTS;
        LOG.info("inbox: {} {} failed (attempt {}): {}", queued.type(), queued.activityUri(), queued.attempts(), failure.getMessage());
        results.failed(queued.id(), String.valueOf(failure.getMessage()),
            giveUp ? null : Duration.ofSeconds((long) Math.pow(queued.attempts(), 4) * 5 + 5));
      }
      return Future.succeededFuture();
    });
  }
}
