package org.torg.server.processing.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.torg.federation.delivery.DeliveryOutcome;

/** Delivery counters for /metrics: attempts by outcome, the pending queue's depth, deliveries in flight. */
public final class DeliveryMetrics {

  private final MeterRegistry registry;
  private final Map<DeliveryOutcome, Counter> outcomes = new ConcurrentHashMap<>();
  private final AtomicLong queueDepth = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();

  public DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("torg.delivery.queue.depth", queueDepth, AtomicLong::get)
        .description("Deliveries pending (due now or waiting for a retry)").register(registry);
    Gauge.builder("torg.delivery.in.flight", inFlight, AtomicLong::get)
        .description("Deliveries being sent right now").register(registry);
  }

  void attempt(DeliveryOutcome outcome) {
    outcomes.computeIfAbsent(outcome, o -> Counter.builder("torg.delivery.attempts")
        .description("Delivery attempts by outcome")
        .tag("outcome", o.name().toLowerCase(Locale.ROOT))
        .register(registry)).increment();
  }

  void queueDepth(long depth) {
    queueDepth.set(depth);
  }

  /** One more (+1) or one fewer (-1) delivery in flight, summed over this node's workers. */
  void inFlightChanged(int delta) {
    inFlight.addAndGet(delta);
  }
}
