package org.torg.server.error;

import java.time.Duration;
import java.util.Optional;

/**
 * An error with its HTTP status, a stable machine-readable code and a message safe to show a
 * client. Thrown or failed anywhere below the HTTP edge (processing refuses with it, as
 * GoToSocial's gtserror.WithCode does); http's JsonErrorHandler answers it. It has a package of its
 * own so that processing need not reach into http for it.
 */
public final class HttpError extends RuntimeException {

  private final int status;
  private final String code;
  private final Duration retryAfter;

  public HttpError(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  public HttpError(int status, String code, String message, Throwable cause) {
    this(status, code, message, cause, null);
  }

  private HttpError(int status, String code, String message, Throwable cause, Duration retryAfter) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** 429 with Retry-After: the client may try again after {@code wait} (rounded up to whole seconds). */
  public static HttpError tooManyRequests(Duration wait, String message) {
    return new HttpError(429, "too_many_requests", message, null, wait);
  }

  /** Any status with Retry-After: a limit that frees up, such as a full node (503). */
  public static HttpError retryLater(int status, String code, Duration wait, String message) {
    return new HttpError(status, code, message, null, wait);
  }

  /** Seconds for a Retry-After header, when the client should wait. */
  public Optional<Long> retryAfterSeconds() {
    if (retryAfter == null) {
      return Optional.empty();
    }
    long millis = Math.max(1, retryAfter.toMillis());
    return Optional.of((millis + 999) / 1000);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
