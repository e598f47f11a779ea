package org.torg.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes connections whose request head does not arrive in time. Vert.x has an idle timeout,
 * which any byte resets, so a client sending its headers one byte a second ("slowloris") would
 * hold a connection, and with enough of them every file descriptor, for ever. Here a new
 * connection must deliver a complete request head within the header timeout, and a kept-alive
 * one its next head within the idle timeout of the previous answer. It assumes HTTP/1.x, one
 * request at a time per connection: the server speaks no cleartext HTTP/2 (see HttpVerticle).
 *
 * <p>One per HTTP event loop, used only on it: no locks. A sweep every {@link #TICK_MILLIS}
 * looks at every open connection (a few thousand entries cost microseconds) instead of a timer
 * per connection and request, because the end of an answer cannot be hooked below the router
 * (Vert.x Web takes the response's end handler for itself); the answer's {@code ended()} is read
 * instead, so a deadline is kept to within a tick.
 */
public final class HeaderDeadlines {

  static final long TICK_MILLIS = 250;

  private final long headerTimeoutNanos;
  private final long keepAliveNanos;
  private final Runnable closedLate;
  private final Map<HttpConnection, Watched> open = new IdentityHashMap<>();

  /** What is known of one connection: by when its next request head is due, and the last answer. */
  private static final class Watched {
    long headDueNanos;
    HttpServerResponse lastAnswer;
  }

  /** @param closedLate told of every connection closed for a late head (a metric) */
  public HeaderDeadlines(Duration headerTimeout, Duration keepAlive, Runnable closedLate) {
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.keepAliveNanos = keepAlive.toNanos();
    this.closedLate = closedLate;
  }

  /** Starts the sweep on the calling event loop; returns its timer id, to cancel on stop. */
  public long start(Vertx vertx) {
    return vertx.setPeriodic(TICK_MILLIS, t -> sweep());
  }

  /** A connection was accepted: its first request head is due within the header timeout. */
  public void opened(HttpConnection connection) {
    Watched watched = new Watched();
    watched.headDueNanos = System.nanoTime() + headerTimeoutNanos;
    open.put(connection, watched);
  }

  public void closed(HttpConnection connection) {
    open.remove(connection);
  }

  /**
   * A request head arrived complete; the connection is busy until its answer ends.
   *
   * @return false for a connection not (or no longer) admitted: refused, or closed as late, whose
   *     request got through before the close did; it must not be served
   */
  public boolean requestArrived(HttpServerRequest request) {
    Watched watched = open.get(request.connection());
    if (watched == null) {
      return false;
    }
    watched.lastAnswer = request.response();
    return true;
  }

  void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> late = new ArrayList<>();
    for (Map.Entry<HttpConnection, Watched> entry : open.entrySet()) {
      Watched watched = entry.getValue();
      HttpServerResponse answer = watched.lastAnswer;
      if (answer == null) {
        if (now - watched.headDueNanos > 0) {
          late.add(entry.getKey());
        }
      } else if (answer.ended() || answer.closed()) {
        // Seen ended for the first time: the next request head is due from now.
        watched.lastAnswer = null;
        watched.headDueNanos = now + keepAliveNanos;
      }
    }
    for (HttpConnection connection : late) {
      open.remove(connection);
      connection.close();
      closedLate.run();
    }
  }
}
