package org.torg.federation.delivery;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads an inbox's answer to the end and throws it away. The status is all a delivery needs,
 * but a body left unread keeps the connection from going back to the pool; reading it lets the
 * next delivery to that host skip a TCP and TLS handshake. An answer that is too long or too
 * slow is not worth its connection: that one is closed instead.
 */
final class ResponseDrain {

  private ResponseDrain() {}

  /**
   * Must be called in the callback that receives the response: data arriving before a handler
   * is set is dropped, and the end of the body would go unnoticed.
   *
   * @param maxBytes past this many body bytes the connection is closed
   * @param deadline a body still arriving after this long has its connection closed; without
   *     it, a peer trickling one byte at a time would hold a pooled connection indefinitely
   */
  static void discard(Vertx vertx, HttpClientResponse response, long maxBytes, Duration deadline) {
    HttpClientRequest request = response.request();
    AtomicBoolean finished = new AtomicBoolean();
    long[] received = {0};
    long timer = vertx.setTimer(deadline.toMillis(), fired -> {
      if (finished.compareAndSet(false, true)) {
        request.reset();
      }
    });
    response.handler(chunk -> {
      received[0] += chunk.length();
      if (received[0] > maxBytes && finished.compareAndSet(false, true)) {
        vertx.cancelTimer(timer);
        request.reset();
      }
    });
    // A reset we caused, or the peer closing mid-body: either way the outcome is already known.
    response.exceptionHandler(ignored -> {
      if (finished.compareAndSet(false, true)) {
        vertx.cancelTimer(timer);
      }
    });
    response.endHandler(end -> {
      if (finished.compareAndSet(false, true)) {
        vertx.cancelTimer(timer);
      }
    });
  }
}
