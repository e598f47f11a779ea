package org.torg.server.processing.inbound;

/** What the inbox made of a POST, and the status it answers with. */
public enum InboxResult {
  /** Verified and stored for processing: 202. */
  ACCEPTED(202),
  /** Verified, and this activity id was received before: 202, processed once. */
  DUPLICATE(202),
  /** Signed by someone other than the activity's actor, or from a refused domain: 202, dropped (M#34014). */
  DROPPED(202),
  /** Verified, but its actor or server sent more than the inbound rate limits allow: 429 with Retry-After. */
  RATE_LIMITED(429),
  /** No valid signature: 401, so Fedify-style senders retry in the other signature format. */
  UNVERIFIED(401),
  /**
   * Well-formed, but not something its sender may send: an {@code id} on another server than
   * its actor's. 422, so the sender gives up instead of retrying or trying its other signature format.
   */
  REFUSED(422),
  /** Not an activity at all: 400. */
  MALFORMED(400),
  /** The database cannot be reached right now: 503 with Retry-After, nothing stored; the sender retries. */
  UNAVAILABLE(503);

  private final int status;

  InboxResult(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
