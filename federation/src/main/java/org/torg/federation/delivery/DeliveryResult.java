package org.torg.federation.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.torg.federation.signature.SignatureFormat;

/**
 * What one call of {@link Deliverer#deliver} came to.
 *
 * @param outcome what the queue does next
 * @param status the HTTP status of the last answer; 0 when there was none (refused before
 *     sending, network error, timeout)
 * @param retryAfter the last answer's {@code Retry-After}, when it had a readable one; feed it
 *     to {@link RetryPolicy#nextAttempt}
 * @param formatUsed the signature format of the last request sent (or that would have been
 *     sent). When the outcome is {@link DeliveryOutcome#DELIVERED}, the host accepts this
 *     format: remember it per host and pass it as {@code firstFormat} next time, which saves
 *     the second knock.
 * @param error a short description for logs and the queue table, never a header value or a
 *     response body; null exactly when the outcome is {@link DeliveryOutcome#DELIVERED}
 * @param elapsed from the call to the outcome, both knocks included
 */
public record DeliveryResult(
    DeliveryOutcome outcome,
    int status,
    Optional<Duration> retryAfter,
    SignatureFormat formatUsed,
    String error,
    Duration elapsed) {

  public DeliveryResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(formatUsed, "formatUsed");
    Objects.requireNonNull(elapsed, "elapsed");
    if ((outcome == DeliveryOutcome.DELIVERED) != (error == null)) {
      throw new IllegalArgumentException("an error comes with every outcome but DELIVERED: " + outcome + ", " + error);
    }
  }
}
