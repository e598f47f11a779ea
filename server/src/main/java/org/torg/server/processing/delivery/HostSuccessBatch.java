package org.torg.server.processing.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torg.server.db.RemoteHostRepository;

/**
 * Writes hosts' first successes (and successes after failures) in batches: one upsert for up to
 * {@link #MAX} hosts, at most {@link #DELAY_MILLIS} after the first. A fan-out to a thousand
 * servers Torg had not delivered to before used to make a thousand commits, each holding its
 * delivery's slot, which took longer than the deliveries themselves.
 */
final class HostSuccessBatch {

  static final int MAX = 200;
  static final long DELAY_MILLIS = 20;

  private final Vertx vertx;
  private final RemoteHostRepository repository;
  /** Host → the signature format it accepted, or null when no delivery said (heard from). */
  private Map<String, String> hosts = new LinkedHashMap<>();
  private List<Promise<Void>> waiting = new ArrayList<>();
  private boolean scheduled;

  HostSuccessBatch(Vertx vertx, RemoteHostRepository repository) {
    this.vertx = vertx;
    this.repository = repository;
  }

  /** Completes once the host's success is written. */
  synchronized Future<Void> add(String host, String signatureFormat) {
    Promise<Void> promise = Promise.promise();
    hosts.put(host, signatureFormat);
    waiting.add(promise);
    if (hosts.size() >= MAX) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      vertx.setTimer(DELAY_MILLIS, t -> flush());
    }
    return promise.future();
  }

  /**
   * Takes back a success not written yet: a failure recorded after it is the newer news, and
   * the batch written after that failure would clear it.
   */
  synchronized void forget(String host) {
    hosts.remove(host);
  }

  private synchronized void flush() {
    scheduled = false;
    if (waiting.isEmpty()) {
      return;
    }
    Map<String, String> batch = hosts;
    List<Promise<Void>> promises = waiting;
    hosts = new LinkedHashMap<>();
    waiting = new ArrayList<>();
    Future<Void> written = batch.isEmpty() ? Future.succeededFuture() : repository.recordSuccesses(batch);
    written.onComplete(done -> promises.forEach(p -> p.handle(done)));
  }
}
