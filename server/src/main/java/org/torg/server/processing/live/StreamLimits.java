package org.torg.server.processing.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many live streams this node holds open, per client address and in all: an open stream
 * costs a connection and a little memory for as long as the client likes, so one client (or a
 * crowd) must not take them all. Shared by every HTTP event loop of the node.
 */
public final class StreamLimits {

  /** Whether a stream may open, and if not, which limit refused it. */
  public enum Verdict { OPEN, CLIENT_FULL, NODE_FULL }

  private final int perClient;
  private final int total;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, Integer> byClient = new ConcurrentHashMap<>();

  public StreamLimits(int perClient, int total) {
    this.perClient = perClient;
    this.total = total;
  }

  /** Counts a stream in when both limits allow it; every {@link Verdict#OPEN} needs one {@link #release}. */
  public Verdict tryOpen(String client) {
    if (open.incrementAndGet() > total) {
      open.decrementAndGet();
      return Verdict.NODE_FULL;
    }
    boolean[] admitted = new boolean[1];
    // compute is atomic per key: two streams of one client racing cannot both take the last place.
    byClient.compute(client, (c, n) -> {
      int now = n == null ? 0 : n;
      admitted[0] = now < perClient;
      return admitted[0] ? now + 1 : (now == 0 ? null : now);
    });
    if (!admitted[0]) {
      open.decrementAndGet();
      return Verdict.CLIENT_FULL;
    }
    return Verdict.OPEN;
  }

  public void release(String client) {
    open.decrementAndGet();
    byClient.computeIfPresent(client, (c, n) -> n <= 1 ? null : n - 1);
  }

  public int open() {
    return open.get();
  }
}
