package org.torg.server.db;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Whether a failure means "PostgreSQL cannot be reached right now" (stopped, restarting, the
 * network to it cut) rather than a bug or a bad request: such a request is answered 503 with
 * Retry-After, so senders retry later, instead of 500 or, at an inbox, a 401 that reads as a
 * refused signature. The pool reconnects by itself once the database is back.
 */
public final class DatabaseUnavailable {

  private DatabaseUnavailable() {}

  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof ClosedChannelException) {
        return true;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        // 08: connection exceptions; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
          return true;
        }
      }
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      // The pool's own words when every connection is gone and none can be made in time.
      if (t.getClass().getName().startsWith("io.vertx.") && (message.contains("connection refused")
          || message.contains("connection reset") || message.contains("timeout") && message.contains("connection"))) {
        return true;
      }
    }
    return false;
  }
}
