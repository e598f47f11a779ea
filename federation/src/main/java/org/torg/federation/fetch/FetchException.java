package org.torg.federation.fetch;

/**
 * Why a remote document could not be fetched. These are ordinary outcomes of talking to other
 * people's servers, not bugs, so they carry no stack trace. Messages name the URL and what
 * went wrong, never a header value.
 */
public final class FetchException extends RuntimeException {

  /** The outcome, for callers that react differently (a 410 deletes, a timeout retries). */
  public enum Reason {
    /** Not https (nor http when private addresses are allowed for a test federation). */
    SCHEME_NOT_ALLOWED,
    /** The host resolves to an address the {@link AddressPolicy} refuses. */
    ADDRESS_NOT_ALLOWED,
    TOO_MANY_REDIRECTS,
    /** A status other than 2xx, or a redirect without a usable Location; see {@link #status()}. */
    HTTP_STATUS,
    WRONG_CONTENT_TYPE,
    /** The body is, or says it is, over {@link FetchOptions#maxBytes()}. */
    TOO_LARGE,
    /** Connect, silence or total timeout. */
    TIMEOUT,
    /** Refused, reset, closed, TLS failure. */
    CONNECTION_FAILED,
    /** Not parseable as JSON, or JSON but not an object. */
    NOT_JSON,
    /** The document's {@code id} is not the URL it was fetched from. */
    ID_MISMATCH,
    UNRESOLVABLE_HOST
  }

  private final Reason reason;
  private final int status;

  public FetchException(Reason reason, String message) {
    this(reason, 0, message, null);
  }

  public FetchException(Reason reason, String message, Throwable cause) {
    this(reason, 0, message, cause);
  }

  private FetchException(Reason reason, int status, String message, Throwable cause) {
    super(message, cause, true, false);
    this.reason = reason;
    this.status = status;
  }

  /** The server answered {@code status}, which is not a success this fetcher can use. */
  public static FetchException httpStatus(int status, String message) {
    return new FetchException(Reason.HTTP_STATUS, status, message, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status for {@link Reason#HTTP_STATUS}, 0 otherwise. */
  public int status() {
    return status;
  }
}
