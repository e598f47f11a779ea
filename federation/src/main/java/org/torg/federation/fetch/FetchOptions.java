package org.torg.federation.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on one fetch of a remote document. The defaults are what Mastodon's own fetcher uses
 * (app/lib/request.rb), so a document that Mastodon can fetch, Torg can fetch too.
 *
 * @param allowPrivateAddresses allow plain {@code http:} and private, loopback, link-local…
 *     addresses. Only for test federations on one machine or one private network; never in
 *     production, where it opens the server to SSRF.
 * @param maxBytes the largest body read; reading stops there. Mastodon refuses documents over
 *     1 MiB, so nothing larger is worth reading.
 * @param connectTimeout to obtain a connection: TCP connect, TLS handshake, a free pool slot.
 * @param readTimeout the longest silence while waiting for the response head or body.
 * @param maxRedirects how many redirects are followed; one more fails the fetch.
 * @param userAgent sent on every request; remote admins read it to find who is fetching.
 * @param totalTimeout the whole fetch, every hop included. Without it, a server sending one
 *     byte per {@code readTimeout} would hold a connection for days.
 */
public record FetchOptions(
    boolean allowPrivateAddresses,
    long maxBytes,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRedirects,
    String userAgent,
    Duration totalTimeout) {

  public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_REDIRECTS = 3;
  public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(30);

  public FetchOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(totalTimeout, "totalTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxBytes must be in 1.." + Integer.MAX_VALUE + ": " + maxBytes);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("readTimeout", readTimeout);
    requirePositive("totalTimeout", totalTimeout);
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
    }
    if (userAgent.isBlank()) {
      throw new IllegalArgumentException("userAgent must not be blank");
    }
  }

  /** With the default {@link #totalTimeout()} of 30 s. */
  public FetchOptions(
      boolean allowPrivateAddresses,
      long maxBytes,
      Duration connectTimeout,
      Duration readTimeout,
      int maxRedirects,
      String userAgent) {
    this(allowPrivateAddresses, maxBytes, connectTimeout, readTimeout, maxRedirects, userAgent,
        DEFAULT_TOTAL_TIMEOUT);
  }

  /** 1 MiB, 5 s to connect, 10 s of silence, 3 redirects, 30 s in all. */
  public static FetchOptions defaults(boolean allowPrivateAddresses, String userAgent) {
    return new FetchOptions(allowPrivateAddresses, DEFAULT_MAX_BYTES, DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT, DEFAULT_MAX_REDIRECTS, userAgent, DEFAULT_TOTAL_TIMEOUT);
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero() || value.toMillis() == 0) {
      throw new IllegalArgumentException(name + " must be at least 1 ms: " + value);
    }
  }
}
