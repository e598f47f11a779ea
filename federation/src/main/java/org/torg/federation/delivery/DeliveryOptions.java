package org.torg.federation.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on outgoing deliveries. The timeouts are what peers use for theirs (INTEROP.md §5): an
 * inbox that cannot answer within them is overloaded, and waiting longer only ties up
 * connections that other hosts' deliveries need.
 *
 * @param allowPrivateAddresses allow plain {@code http:} inboxes and private, loopback,
 *     link-local… addresses. Only for test federations on one machine or one private network;
 *     never in production, where a remote actor could name an inbox inside our network (SSRF).
 * @param connectTimeout to obtain a connection: TCP connect, TLS handshake, a free pool slot
 * @param requestTimeout one whole {@link Deliverer#deliver} call: name resolution, signing,
 *     connecting, sending and waiting for the answer, both knocks included
 * @param userAgent sent on every delivery; remote admins read it to find who is posting
 * @param maxPoolPerHost connections kept open to one host (one address, port and name). More
 *     deliveries to that host at once wait for a free connection, within
 *     {@code connectTimeout}; other hosts are not affected.
 */
public record DeliveryOptions(
    boolean allowPrivateAddresses,
    Duration connectTimeout,
    Duration requestTimeout,
    String userAgent,
    int maxPoolPerHost) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_POOL_PER_HOST = 4;

  public DeliveryOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    if (userAgent.isBlank()) {
      throw new IllegalArgumentException("userAgent must not be blank");
    }
    if (maxPoolPerHost < 1) {
      throw new IllegalArgumentException("maxPoolPerHost must be at least 1: " + maxPoolPerHost);
    }
  }

  /** 5 s to connect, 10 s in all, 4 connections per host. */
  public static DeliveryOptions defaults(boolean allowPrivateAddresses, String userAgent) {
    return new DeliveryOptions(allowPrivateAddresses, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
        userAgent, DEFAULT_MAX_POOL_PER_HOST);
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.toMillis() == 0) {
      throw new IllegalArgumentException(name + " must be at least 1 ms: " + value);
    }
  }
}
