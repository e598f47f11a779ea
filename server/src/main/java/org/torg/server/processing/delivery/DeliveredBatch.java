package org.torg.server.processing.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.torg.server.db.DeliveryRepository;

/**
 * Records successful deliveries in batches: one UPDATE for up to {@link #MAX} rows, written at
 * most {@link #DELAY_MILLIS} after the first of them. At thousands of deliveries a second, one
 * statement per delivery would cost PostgreSQL more than the deliveries themselves. A crash
 * inside that window only means those deliveries are sent again; peers drop repeated ids.
 */
final class DeliveredBatch {

  static final int MAX = 200;
  static final long DELAY_MILLIS = 20;

  private final Vertx vertx;
  private final DeliveryRepository deliveries;
  private List<Long> ids = new ArrayList<>();
  private List<Promise<Void>> waiting = new ArrayList<>();
  private boolean scheduled;

  DeliveredBatch(Vertx vertx, DeliveryRepository deliveries) {
    this.vertx = vertx;
    this.deliveries = deliveries;
  }

  /** Completes once the row is written. */
  synchronized Future<Void> add(long id) {
    Promise<Void> promise = Promise.promise();
    ids.add(id);
    waiting.add(promise);
    if (ids.size() >= MAX) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      vertx.setTimer(DELAY_MILLIS, t -> flush());
    }
    return promise.future();
  }

  private synchronized void flush() {
    scheduled = false;
    if (ids.isEmpty()) {
      return;
    }
    List<Long> batch = ids;
    List<Promise<Void>> promises = waiting;
    ids = new ArrayList<>();
    waiting = new ArrayList<>();
    deliveries.markDelivered(batch).onComplete(done -> promises.forEach(p -> p.handle(done)));
  }
}
