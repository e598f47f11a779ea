package org.torg.server.processing.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Inbox counters for /metrics: activities by result and reason, activities processed by type, verification time. */
public final class InboxMetrics {

  private final MeterRegistry registry;
  private final Timer verification;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public InboxMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.verification = Timer.builder("torg.inbox.signature.verification")
        .description("Time to verify one HTTP signature (worker thread)")
        .publishPercentiles(0.5, 0.99)
        .register(registry);
  }

  /** One received POST; {@code reason} is from a fixed set of codes, never remote text. */
  void received(InboxResult result, String reason) {
    String resultName = result.name().toLowerCase(Locale.ROOT);
    counters.computeIfAbsent("received." + resultName + "." + reason, k -> Counter.builder("torg.inbox.activities")
        .description("Activities POSTed to an inbox, by result and reason")
        .tag("result", resultName)
        .tag("reason", reason)
        .register(registry)).increment();
  }

  /** One activity processed by a worker; unknown types are counted as "other". */
  void processed(String handledAs, String outcome) {
    counters.computeIfAbsent("processed." + handledAs + "." + outcome, k -> Counter.builder("torg.inbox.processed")
        .description("Stored activities processed, by type handled and outcome")
        .tag("type", handledAs)
        .tag("outcome", outcome)
        .register(registry)).increment();
  }

  /**
   * A post a Group refused (reply policy, ban, silenced author or server, too many mentions); the
   * reason is one of Torg's own codes, never remote text.
   */
  void rejected(String reason) {
    counters.computeIfAbsent("rejected." + reason, k -> Counter.builder("torg.inbox.rejected")
        .description("Posts refused in Torg's threads, by reason")
        .tag("reason", reason)
        .register(registry)).increment();
  }

  void verificationTime(long nanos) {
    verification.record(Duration.ofNanos(nanos));
  }
}
