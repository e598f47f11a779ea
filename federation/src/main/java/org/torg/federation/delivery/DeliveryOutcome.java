package org.torg.federation.delivery;

/**
 * What became of one delivery attempt, and so what the queue does next. The split between
 * {@link #REFUSED} and {@link #RETRY} is Mastodon's (its {@code response_error_unsalvageable?}):
 * a peer that sees the same statuses from Torg and from Mastodon behaves the same with both.
 */
public enum DeliveryOutcome {

  /** Any 2xx: the inbox has it. Done. */
  DELIVERED,

  /**
   * The inbox will never take it: any 4xx other than 401, 408 and 429 (a 410 for a deleted
   * actor, a 403 from a host that blocks us, a 400 or 422 for an activity it cannot use), and
   * 501 (the server does not do inboxes at all). Done; retrying would only repeat the answer.
   */
  REFUSED,

  /**
   * Try again later (see {@link RetryPolicy}): 401 (the peer could not fetch our key yet, or
   * its cache holds an old one), 408, 429 (honour {@code Retry-After}), any other 5xx, a
   * status outside 2xx–5xx (a redirect is not followed: its target would need vetting and
   * signing anew), a host name that does not resolve, a refused or broken connection, and no
   * answer within the request timeout.
   */
  RETRY,

  /**
   * This server refused to send: the inbox URL is not https (nor http in a test federation),
   * has no usable host, or its host resolves to an address the
   * {@link org.torg.federation.fetch.AddressPolicy} refuses (loopback, private networks, cloud
   * metadata…). Permanent: nothing was sent, and retrying would be refused the same way.
   */
  BLOCKED_ADDRESS;

  /** The outcome of an HTTP answer with {@code status}. */
  public static DeliveryOutcome classify(int status) {
    if (status >= 200 && status <= 299) {
      return DELIVERED;
    }
    if (status == 401 || status == 408 || status == 429) {
      return RETRY;
    }
    if ((status >= 400 && status <= 499) || status == 501) {
      return REFUSED;
    }
    return RETRY;
  }
}
