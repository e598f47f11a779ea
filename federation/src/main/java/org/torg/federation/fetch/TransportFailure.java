package org.torg.federation.fetch;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Names what went wrong below HTTP. Vert.x and Netty report a timeout in several classes (a
 * connect timeout, a TLS handshake timeout, a request idle timeout, a pool wait); callers only
 * need to know it was a timeout, which they may retry later.
 */
public final class TransportFailure {

  private TransportFailure() {}

  static FetchException classify(Throwable failure, String describedUrl) {
    if (failure instanceof FetchException known) {
      return known;
    }
    if (isTimeout(failure)) {
      return new FetchException(FetchException.Reason.TIMEOUT, "timed out fetching " + describedUrl, failure);
    }
    return new FetchException(FetchException.Reason.CONNECTION_FAILED,
        "connection failed fetching " + describedUrl + ": " + rootCause(failure), failure);
  }

  /** Whether {@code failure}, or anything that caused it, is one of the transport's timeouts. */
  public static boolean isTimeout(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException
          || cause instanceof SocketTimeoutException
          || cause instanceof ConnectTimeoutException
          || cause instanceof SslHandshakeTimeoutException
          || cause instanceof io.netty.handler.timeout.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The innermost cause says what happened ("No name matching …", "Connection refused"). */
  public static String rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
