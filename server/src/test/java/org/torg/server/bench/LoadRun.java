package org.torg.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop load: {@code concurrency} clients, each sending its next request as soon as the
 * last one is answered, until {@code n} requests were answered. Each request is limited to 10 s
 * as a whole (an idle timeout does not cover waiting for a pooled connection), and the run to
 * 120 s, so that a stalled server fails the run rather than hanging it.
 */
final class LoadRun {

  /**
   * {@code perSecond}: answered requests over the time until the last answer, so that a request
   * the client lost (status -1, see the README) shows as such instead of as 10 idle seconds.
   */
  record Result(int requests, long millis, double perSecond, double p50, double p99, Map<Integer, Integer> statuses) {
    @Override
    public String toString() {
      return String.format("%d requests in %d ms: %.0f/s, p50 %.1f ms, p99 %.1f ms, statuses %s", requests, millis, perSecond, p50, p99,
          statuses);
    }
  }

  private LoadRun() {}

  /** {@code request.apply(i)} sends request i and completes with its HTTP status. */
  static Result run(int concurrency, int n, IntFunction<Future<Integer>> request) {
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[n];
    AtomicLong lastAnswer = new AtomicLong();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    long started = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      sendNext(n, request, next, latencies, statuses, finished, done, lastAnswer);
    }
    try {
      done.future().await(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("only " + finished.get() + " of " + n + " answered within 120 s; statuses " + statuses);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    int answered = n - statuses.getOrDefault(-1, 0);
    double answeredMillis = Math.max(1, (lastAnswer.get() - started) / 1e6);
    Arrays.sort(latencies);
    return new Result(n, millis, answered * 1000.0 / answeredMillis, latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6,
        statuses);
  }

  private static void sendNext(int n, IntFunction<Future<Integer>> request, AtomicInteger next, long[] latencies,
      Map<Integer, Integer> statuses, AtomicInteger finished, Promise<Void> done, AtomicLong lastAnswer) {
    int i = next.getAndIncrement();
    if (i >= n) {
      return;
    }
    long t0 = System.nanoTime();
    request.apply(i).timeout(10, TimeUnit.SECONDS).onComplete(result -> {
      latencies[i] = System.nanoTime() - t0;
      statuses.merge(result.succeeded() ? result.result() : -1, 1, Integer::sum);
      if (result.succeeded()) {
        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
      }
      if (finished.incrementAndGet() == n) {
        done.complete();
      } else {
        sendNext(n, request, next, latencies, statuses, finished, done, lastAnswer);
      }
    });
  }
}
