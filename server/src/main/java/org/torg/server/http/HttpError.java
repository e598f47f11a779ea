package org.torg.server.http;

/**
 * An error with its HTTP status, a stable machine-readable code and a message safe to show a
 * client. Thrown or failed anywhere below the HTTP edge; {@link JsonErrorHandler} answers it.
 */
public final class HttpError extends RuntimeException {

  private final int status;
  private final String code;

  public HttpError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public HttpError(int status, String code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
