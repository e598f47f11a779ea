package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.federation.vocab.InboundActivity;
import org.torg.server.db.InboxRepository;
import org.torg.server.db.InboxRepository.QueuedActivity;

/**
 * Processes stored activities: woken when the inbox stores one, and every few seconds in case
 * another node stored it or a retry fell due. A failing handler is retried with back-off, then
 * the activity is marked failed; nothing is lost on restart because the queue is the table.
 */
public final class InboxWorker extends VerticleBase {

  public static final String WAKE_UP = "torg.inbox.wake-up";
  private static final Logger LOG = LoggerFactory.getLogger(InboxWorker.class);
  private static final int BATCH = 32;
  private static final int MAX_ATTEMPTS = 5;
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final long POLL_MILLIS = 2_000;

  private final InboxRepository inbox;
  private final InboxProcessor processor;
  private final InboxMetrics metrics;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean wakeAgain = new AtomicBoolean();
  private MessageConsumer<Object> wakeUps;
  private long timer;

  public InboxWorker(InboxRepository inbox, InboxProcessor processor, InboxMetrics metrics) {
    this.inbox = inbox;
    this.processor = processor;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().localConsumer(WAKE_UP, message -> drain());
    timer = vertx.setPeriodic(POLL_MILLIS, id -> drain());
    drain();
    return wakeUps.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
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

  private Future<Void> drainBatches() {
    return inbox.claim(BATCH, LEASE).compose(batch -> batch.isEmpty()
        ? Future.succeededFuture()
        : processInOrder(batch, 0).compose(v -> drainBatches()));
  }

  /** In arrival order: a Follow and its Undo arriving together must not swap. */
  private Future<Void> processInOrder(List<QueuedActivity> batch, int index) {
    if (index == batch.size()) {
      return Future.succeededFuture();
    }
    return processOne(batch.get(index)).compose(v -> processInOrder(batch, index + 1));
  }

  private Future<Void> processOne(QueuedActivity queued) {
    InboundActivity activity;
    try {
      activity = InboundActivity.parse(queued.body());
    } catch (InboundActivity.NotAnActivityException e) {
      return inbox.markFailed(queued.id(), e.getMessage(), null);
    }
    String handledAs = InboxProcessor.handledAs(activity);
    Future<String> outcome;
    try {
      outcome = processor.process(activity);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.compose(
        result -> {
          metrics.processed(handledAs, result.startsWith("ignored") ? "ignored" : "done");
          return inbox.markDone(queued.id(), result);
        },
        failure -> {
          metrics.processed(handledAs, "failed");
          boolean giveUp = queued.attempts() >= MAX_ATTEMPTS;
          LOG.info("inbox: {} {} failed (attempt {}): {}", queued.type(), queued.activityUri(), queued.attempts(), failure.getMessage());
          Duration retryIn = giveUp ? null : Duration.ofSeconds((long) Math.pow(queued.attempts(), 4) * 5 + 5);
          return inbox.markFailed(queued.id(), String.valueOf(failure.getMessage()), retryIn);
        });
  }
}
