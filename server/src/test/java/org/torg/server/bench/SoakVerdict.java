package org.torg.server.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a soak ran clean: no failed requests (beyond one in a thousand), no upward trend in the
 * heap after GC or in any kind's p99, and queues that keep up. The first minute is warm-up (JIT,
 * caches filling) and is left out of the trends; a trend compares the last third of the minutes
 * with the first third after it (in the 3-minute CI mode: minute 3 against minute 2).
 */
record SoakVerdict(List<String> problems, List<String> findings) {

  /** Growth a soak may show without it being a trend: noise on a shared 2-core machine. */
  private static final double HEAP_GROWTH = 1.5;
  private static final double HEAP_SLACK_BYTES = 32e6;
  private static final double P99_GROWTH = 2.0;
  private static final double P99_SLACK_MILLIS = 50;

  static SoakVerdict of(List<Soak.Minute> minutes) {
    List<String> problems = new ArrayList<>();
    List<String> findings = new ArrayList<>();
    long requests = 0;
    long failed = 0;
    for (Soak.Minute minute : minutes) {
      for (Soak.Kind kind : Soak.Kind.values()) {
        requests += minute.count(kind);
        failed += minute.failed(kind);
      }
    }
    findings.add(String.format(Locale.ROOT, "%,d requests, %,d failed (not 2xx or no answer within 10 s)", requests, failed));
    if (failed * 1000 > requests) {
      problems.add("more than one request in a thousand failed");
    }
    List<Soak.Minute> measured = minutes.size() > 1 ? minutes.subList(1, minutes.size()) : minutes;
    int third = Math.max(1, measured.size() / 3);
    List<Soak.Minute> early = measured.subList(0, third);
    List<Soak.Minute> late = measured.subList(measured.size() - third, measured.size());

    double heapEarly = early.stream().mapToLong(m -> m.sample.heapAfterGcBytes()).min().orElse(0);
    double heapLate = late.stream().mapToLong(m -> m.sample.heapAfterGcBytes()).min().orElse(0);
    findings.add(String.format(Locale.ROOT, "heap after GC: %.0f MB early, %.0f MB late (the smallest of each third)",
        heapEarly / 1e6, heapLate / 1e6));
    if (heapLate > heapEarly * HEAP_GROWTH + HEAP_SLACK_BYTES) {
      problems.add("the heap after GC grows");
    }
    for (Soak.Kind kind : Soak.Kind.values()) {
      double p99Early = median(early, kind);
      double p99Late = median(late, kind);
      findings.add(String.format(Locale.ROOT, "%s p99: %.1f ms early, %.1f ms late (median of each third)", kind.label, p99Early,
          p99Late));
      if (p99Late > p99Early * P99_GROWTH + P99_SLACK_MILLIS) {
        problems.add(kind.label + " p99 grows");
      }
    }
    Soak.Minute last = minutes.get(minutes.size() - 1);
    double deliveriesPerSecond = Math.max(1, last.deliveries / 60.0);
    if (last.sample.deliveryQueue() > deliveriesPerSecond * 30) {
      problems.add("the delivery queue holds more than 30 s of deliveries at the end: " + last.sample.deliveryQueue());
    }
    if (last.sample.inboxQueue() > Math.max(100, Soak.Kind.INBOUND.perSecond() * 30)) {
      problems.add("the inbox queue holds more than 30 s of activities at the end: " + last.sample.inboxQueue());
    }
    return new SoakVerdict(problems, findings);
  }

  private static double median(List<Soak.Minute> minutes, Soak.Kind kind) {
    double[] values = minutes.stream().mapToDouble(m -> m.p99Millis(kind)).sorted().toArray();
    return values.length == 0 ? Double.NaN : values[values.length / 2];
  }

  /** Prints the findings and the verdict; the exit code: 0 clean, 1 not. */
  int report(PrintStream out) {
    findings.forEach(f -> out.println("  " + f));
    if (problems.isEmpty()) {
      out.println("soak: clean (no failures, no upward trend in memory or latency, queues keep up)");
      return 0;
    }
    problems.forEach(p -> out.println("soak: FAILED: " + p));
    return 1;
  }
}
