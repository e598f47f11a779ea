package org.torg.server.processing.inbound;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.torg.server.db.InboxRepository;
import org.torg.server.db.InboxRepository.Claim;
import org.torg.server.db.InboxRepository.NewActivity;
import org.torg.server.db.InboxRepository.QueuedActivity;

/**
 * Stores received activities, several per statement when they arrive together. While
 * {@link #MAX_STATEMENTS} inserts are in flight, newer activities wait and then go in one
 * multi-row INSERT: under load, one commit (one WAL flush) serves many requests instead of one
 * each, and when the server is idle an activity is written at once, without a timer. A request
 * is answered only once the commit that holds its row is done: storage stays durable before 202.
 */
final class InboxWrites {

  /** Statements at once: enough to keep PostgreSQL busy while the next batch gathers. */
  static final int MAX_STATEMENTS = 4;
  static final int MAX_ROWS = 256;

  /** @param parsed the activity's JSON as the inbox parsed it, or null to parse it again for the worker */
  private record Pending(NewActivity activity, JsonObject parsed, Promise<Boolean> stored, Context context) {}

  private final InboxRepository inbox;
  private final InboxHandoff handoff;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  /** @param handoff where rows stored claimed by this node go, for its worker */
  InboxWrites(InboxRepository inbox, InboxHandoff handoff) {
    this.inbox = inbox;
    this.handoff = handoff;
  }

  /** True when this call stored the activity, false when its id was stored before. */
  Future<Boolean> insertIfNew(NewActivity activity) {
    return insertIfNew(activity, null);
  }

  /** @param parsed the body as parsed, handed to the worker with the row (null: parsed again) */
  Future<Boolean> insertIfNew(NewActivity activity, JsonObject parsed) {
    Promise<Boolean> stored = Promise.promise();
    List<Pending> batch;
    synchronized (this) {
      queue.add(new Pending(activity, parsed, stored, Vertx.currentContext()));
      batch = inFlight < MAX_STATEMENTS ? take() : null;
    }
    if (batch != null) {
      write(batch);
    }
    return stored.future();
  }

  /** The next batch, counted as in flight; null when nothing waits. Called holding the lock. */
  private List<Pending> take() {
    if (queue.isEmpty()) {
      return null;
    }
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_ROWS));
    while (!queue.isEmpty() && batch.size() < MAX_ROWS) {
      batch.add(queue.poll());
    }
    inFlight++;
    return batch;
  }

  private void write(List<Pending> batch) {
    // A repeat inside one batch (a sender retrying fast) is a duplicate of its first copy.
    Map<String, List<Pending>> byKey = new LinkedHashMap<>();
    batch.forEach(p -> byKey.computeIfAbsent(p.activity().dedupKey(), u -> new ArrayList<>()).add(p));
    List<NewActivity> distinct = byKey.values().stream().map(copies -> copies.get(0).activity()).toList();
    OptionalInt node = handoff.claimingNode();
    Claim claim = node.isPresent() ? new Claim(node.getAsInt(), InboxWorker.LEASE) : Claim.NONE;
    Future<Void> answered = distinct.size() == 1
        ? writeOne(distinct.get(0), byKey, claim)
        : inbox.insertAllIfNew(distinct, claim).transform(all -> {
          if (all.succeeded()) {
            handOff(all.result(), byKey, claim);
            byKey.forEach((key, copies) -> answerCopies(copies, all.result().containsKey(key), null));
            return Future.succeededFuture();
          }
          // One row PostgreSQL refuses must not fail the others: each is written, and answered, on its own.
          Future<Void> chain = Future.succeededFuture();
          for (NewActivity activity : distinct) {
            chain = chain.compose(v -> writeOne(activity, byKey, claim));
          }
          return chain;
        });
    answered.onComplete(done -> {
      List<Pending> next;
      synchronized (this) {
        inFlight--;
        next = take();
      }
      if (next != null) {
        write(next);
      }
    });
  }

  /** Never fails: the outcome goes to the requests waiting for this activity. */
  private Future<Void> writeOne(NewActivity activity, Map<String, List<Pending>> byKey, Claim claim) {
    return inbox.insertIfNew(activity, claim).transform(one -> {
      boolean stored = one.succeeded() && one.result().isPresent();
      if (stored) {
        handOff(Map.of(activity.dedupKey(), one.result().get()), byKey, claim);
      }
      answerCopies(byKey.get(activity.dedupKey()), stored, one.cause());
      return Future.succeededFuture();
    });
  }

  /** Rows stored claimed by this node go to its worker, with the JSON as parsed. */
  private void handOff(Map<String, Long> stored, Map<String, List<Pending>> byKey, Claim claim) {
    if (claim.node() == null || stored.isEmpty()) {
      return;
    }
    List<QueuedActivity> rows = new ArrayList<>(stored.size());
    stored.forEach((key, id) -> {
      Pending first = byKey.get(key).get(0);
      NewActivity a = first.activity();
      JsonObject body = first.parsed() != null ? first.parsed() : new JsonObject(a.body());
      rows.add(new QueuedActivity(id, a.activityUri(), a.actorUri(), a.type(), a.inboxOwner(), body, 1));
    });
    handoff.add(rows);
  }

  /** The first copy was stored or not; later copies in the same batch are duplicates of it. */
  private static void answerCopies(List<Pending> copies, boolean stored, Throwable failure) {
    for (int i = 0; i < copies.size(); i++) {
      answer(copies.get(i), i == 0 && stored, failure);
    }
  }

  /** On the request's own context, so its answer is written from its event loop. */
  private static void answer(Pending p, boolean stored, Throwable failure) {
    Runnable complete = () -> {
      if (failure != null) {
        p.stored().fail(failure);
      } else {
        p.stored().complete(stored);
      }
    };
    if (p.context() == null || p.context() == Vertx.currentContext()) {
      complete.run();
    } else {
      p.context().runOnContext(v -> complete.run());
    }
  }
}
