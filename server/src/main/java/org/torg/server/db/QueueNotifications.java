package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on the queues' channels and turns each notification into a wake-up on this node's event
 * bus. The database notifies when a statement queues rows (the triggers of V14), whichever node
 * ran it, so a delivery queued on node A is picked up by node B's idle workers at once, not at
 * their next poll. The poll timers stay, for retries that fall due and for notifications missed
 * while the listening connection was down (it reconnects by itself).
 */
public final class QueueNotifications {

  private static final Logger LOG = LoggerFactory.getLogger(QueueNotifications.class);

  /** The channel the V14 trigger notifies for the delivery queue (suffixed with the schema). */
  public static final String DELIVERY = "torg_delivery";
  /** The channel the V14 trigger notifies for the inbox queue (suffixed with the schema). */
  public static final String INBOX = "torg_inbox";

  private static final long COALESCE_MILLIS = 20;

  private final PgSubscriber subscriber;
  private volatile boolean closing;

  /** @param wakeUps channel ({@link #DELIVERY}, {@link #INBOX}) to the local event-bus address to wake */
  public QueueNotifications(Vertx vertx, PgConnectOptions connect, String schema, Map<String, String> wakeUps) {
    subscriber = PgSubscriber.subscriber(vertx, connect)
        // Keep trying, once a second: without it the node falls back to its poll timers alone.
        .reconnectPolicy(retries -> 1_000L);
    wakeUps.forEach((channel, address) -> {
      AtomicBoolean pending = new AtomicBoolean();
      subscriber.channel(channel + ":" + schema).handler(payload -> {
        // Notifications of the next few milliseconds wake the workers once: under load every
        // inbox POST notifies, and a worker woken for each would claim a handful of rows at a time.
        if (pending.compareAndSet(false, true)) {
          vertx.setTimer(COALESCE_MILLIS, t -> {
            pending.set(false);
            vertx.eventBus().publish(address, null);
          });
        }
      });
    });
    subscriber.closeHandler(v -> {
      if (!closing) {
        LOG.warn("queue notifications stopped; workers poll until they resume");
      }
    });
  }

  public Future<Void> start() {
    return subscriber.connect();
  }

  public Future<Void> close() {
    closing = true;
    return subscriber.close();
  }
}
