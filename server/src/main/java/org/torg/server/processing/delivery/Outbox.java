package org.torg.server.processing.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.torg.server.convert.ApToModel;
import org.torg.server.db.DeliveryRepository;
import org.torg.server.db.OutboxRepository;
import org.torg.server.model.Actor;

/**
 * Sends activities: the activity and its delivery rows are written in the transaction of the
 * change that causes them, so a committed change never loses a delivery and a rolled-back one
 * never sends any. Workers are woken once the transaction commits.
 */
public final class Outbox {

  public static final String WAKE_UP = "torg.delivery.wake-up";

  private final Vertx vertx;
  private final Pool pool;
  private final OutboxRepository activities;
  private final DeliveryRepository deliveries;
  private final String localAuthority;

  private final Predicate<String> suspendedHost;

  /** {@code suspendedHost}: servers under a suspending domain block, which get no deliveries. */
  public Outbox(Vertx vertx, Pool pool, OutboxRepository activities, DeliveryRepository deliveries, String localAuthority,
      Predicate<String> suspendedHost) {
    this.suspendedHost = suspendedHost;
    this.vertx = vertx;
    this.pool = pool;
    this.activities = activities;
    this.deliveries = deliveries;
    this.localAuthority = localAuthority;
  }

  /** Runs {@code work} in a transaction and wakes the delivery workers after it commits. */
  public <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work).onSuccess(done -> vertx.eventBus().publish(WAKE_UP, null));
  }

  /**
   * In the caller's transaction: stores the activity (fetchable at its id) and one delivery per
   * distinct remote inbox. Inboxes on this instance are left out (local recipients read the
   * database directly), and so are servers under a suspending domain block.
   */
  public Future<Long> send(SqlConnection tx, Actor from, JsonObject activity, Collection<String> inboxes) {
    Map<String, String> remote = new LinkedHashMap<>();
    for (String inbox : inboxes) {
      ApToModel.authorityOf(inbox)
          .filter(host -> !host.equalsIgnoreCase(localAuthority))
          .filter(host -> !suspendedHost.test(host))
          .ifPresent(host -> remote.putIfAbsent(inbox, host));
    }
    return activities.insert(tx, from.id(), activity)
        .compose(id -> deliveries.insert(tx, id, remote.keySet(), remote.values()).map(id));
  }
}
