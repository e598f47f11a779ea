package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity;

/**
 * One handler per activity type: {@link #verify} decides whether the activity may be acted on
 * (its object exists, its actor may touch it), then {@link #receive} makes the change in one
 * transaction and queues what must be sent. Both return the outcome recorded for the activity.
 */
abstract class InboundHandler<A extends InboundActivity> {

  /** Empty to proceed, or why the activity is ignored (a short code, recorded and counted). */
  abstract Future<Optional<String>> verify(A activity);

  /** The change; returns a short outcome code. */
  abstract Future<String> receive(A activity);

  final Future<String> handle(A activity) {
    return verify(activity).compose(refusal -> refusal.isPresent()
        ? Future.succeededFuture("ignored:" + refusal.get())
        : receive(activity));
  }

  static Future<Optional<String>> proceed() {
    return Future.succeededFuture(Optional.empty());
  }

  static Future<Optional<String>> ignore(String why) {
    return Future.succeededFuture(Optional.of(why));
  }
}
