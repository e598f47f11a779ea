package org.torg.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many connections each client address holds open on this node, so that one address cannot
 * take every file descriptor: past the limit a new connection is refused. Shared by every HTTP
 * event loop of the node (one listening socket, its connections spread over them).
 */
public final class ConnectionsPerAddress {

  private final int limit;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  /** @param limit connections one address may hold; 0 admits every connection */
  public ConnectionsPerAddress(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    this.limit = limit;
  }

  /** Counts a connection in when its address has room; every true needs one {@link #release}. */
  public boolean tryAdmit(String address) {
    if (limit == 0) {
      return true;
    }
    boolean[] admitted = new boolean[1];
    // compute is atomic per key: two connections racing for an address's last place cannot both get it.
    open.compute(address, (a, n) -> {
      int now = n == null ? 0 : n;
      admitted[0] = now < limit;
      return admitted[0] ? now + 1 : (now == 0 ? null : now);
    });
    return admitted[0];
  }

  public void release(String address) {
    if (limit == 0) {
      return;
    }
    open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** Connections the address holds now (for the log line of a refusal). */
  public int openFrom(String address) {
    return open.getOrDefault(address, 0);
  }
}
