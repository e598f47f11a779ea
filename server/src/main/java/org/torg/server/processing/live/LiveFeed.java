package org.torg.server.processing.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.db.NotificationRepository;
import org.torg.server.db.ThreadEventRepository;

/**
 * This node's live listeners and the database logs they follow. The database notifies a change
 * whichever node made it (V21's triggers, through QueueNotifications' LISTEN connection, which
 * wakes {@link #WAKE_UP}); the feed then reads the new rows once, for all its listeners, and
 * hands each to the listeners of its thread or account. A slow poll covers notifications missed
 * while the listening connection was down.
 *
 * <p>Each listener is called on its own context (its connection's event loop), and a listener
 * that resumes after an event id gets the missed events from the log before any live one, each
 * event once and in order.
 */
public final class LiveFeed {

  /** The local event-bus address QueueNotifications wakes for the channel {@link #CHANNEL}. */
  public static final String WAKE_UP = "torg.live.wake";
  /** The channel V21's triggers notify (suffixed with the schema). */
  public static final String CHANNEL = "torg_live";

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  private static final int BATCH = 500;
  private static final int REPLAY = 1_000;
  private static final long FALLBACK_POLL_MILLIS = 5_000;
  private static final long LATE_COMMIT_MILLIS = 10_000;

  /** Stops a subscription; idempotent. */
  public interface Subscription {
    void close();
  }

  private final Vertx vertx;
  private final ThreadEventRepository threadEvents;
  private final NotificationRepository notifications;
  private final Map<Long, Set<Listener>> byThread = new ConcurrentHashMap<>();
  private final Map<Long, Set<Listener>> byAccount = new ConcurrentHashMap<>();
  private Context context;
  // Read and written on the feed's own context only.
  private LogCursor threadCursor;
  private LogCursor notificationCursor;
  private boolean polling;
  private boolean pollAgain;

  public LiveFeed(Vertx vertx, ThreadEventRepository threadEvents, NotificationRepository notifications) {
    this.vertx = vertx;
    this.threadEvents = threadEvents;
    this.notifications = notifications;
  }

  /** Starts following the logs from their newest rows. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    return threadEvents.newest().compose(t -> notifications.newest().map(n -> {
      context.runOnContext(v -> {
        threadCursor = new LogCursor(t, LATE_COMMIT_MILLIS);
        notificationCursor = new LogCursor(n, LATE_COMMIT_MILLIS);
        vertx.eventBus().localConsumer(WAKE_UP, message -> poll());
        vertx.setPeriodic(FALLBACK_POLL_MILLIS, id -> {
          if (!byThread.isEmpty() || !byAccount.isEmpty()) {
            poll();
          }
        });
      });
      return null;
    }));
  }

  /** A thread's events after {@code lastEventId} (0: only new ones) to {@code sink}, on the caller's context. */
  public Subscription followThread(long threadId, long lastEventId, Consumer<LiveEvent> sink) {
    return follow(byThread, threadId, lastEventId, sink, threadEvents::newest,
        () -> threadEvents.ofThreadAfter(threadId, lastEventId, REPLAY)
            .map(events -> events.stream().map(LiveFeed::threadEvent).toList()));
  }

  /** An account's new notifications after {@code lastEventId} (0: only new ones) to {@code sink}. */
  public Subscription followNotifications(long accountId, long lastEventId, Consumer<LiveEvent> sink) {
    return follow(byAccount, accountId, lastEventId, sink, notifications::newest,
        () -> notifications.ofAccountAfter(accountId, lastEventId, REPLAY)
            .map(list -> list.stream().map(LiveFeed::notificationEvent).toList()));
  }

  /**
   * Listens first, then replays (or, for a new stream, starts after the log's newest row: the
   * feed may not have read up to it yet, and what was committed before the stream opened is on
   * the page the client shows already); live events wait until then.
   */
  private Subscription follow(Map<Long, Set<Listener>> index, long key, long lastEventId, Consumer<LiveEvent> sink,
      Supplier<Future<Long>> newest, Supplier<Future<List<LiveEvent>>> missed) {
    Listener listener = new Listener(vertx.getOrCreateContext(), sink, lastEventId);
    add(index, key, listener);
    if (lastEventId <= 0) {
      newest.get().onComplete(n -> {
        if (n.succeeded()) {
          listener.skipUpTo(n.result());
        }
        listener.goLive(List.of());
      });
    } else {
      missed.get().onComplete(replay -> listener.goLive(replay.succeeded() ? replay.result() : List.of()));
    }
    return () -> remove(index, key, listener);
  }

  private static void add(Map<Long, Set<Listener>> index, long key, Listener listener) {
    index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(listener);
  }

  private static void remove(Map<Long, Set<Listener>> index, long key, Listener listener) {
    index.computeIfPresent(key, (k, set) -> {
      set.remove(listener);
      return set.isEmpty() ? null : set;
    });
  }

  private void poll() {
    context.runOnContext(v -> {
      if (polling) {
        pollAgain = true;
        return;
      }
      polling = true;
      readThreadEvents().compose(moreT -> readNotifications().map(moreN -> moreT || moreN))
          .onComplete(done -> {
            polling = false;
            if (done.failed()) {
              LOG.warn("reading live events failed: {}", done.cause().toString());
            }
            boolean again = pollAgain || (done.succeeded() && done.result());
            pollAgain = false;
            if (again) {
              poll();
            }
          });
    });
  }

  /** Answers whether a full batch came, so more may be waiting. */
  private Future<Boolean> readThreadEvents() {
    long now = System.currentTimeMillis();
    return threadEvents.after(threadCursor.position(), threadCursor.late(now), BATCH).map(events -> {
      for (var event : events) {
        threadCursor.read(event.id(), now);
        Set<Listener> listeners = byThread.get(event.post().threadId());
        if (listeners != null) {
          LiveEvent live = threadEvent(event);
          listeners.forEach(l -> l.deliver(live));
        }
      }
      return events.size() == BATCH;
    });
  }

  private Future<Boolean> readNotifications() {
    long now = System.currentTimeMillis();
    return notifications.after(notificationCursor.position(), notificationCursor.late(now), BATCH).map(list -> {
      for (var n : list) {
        notificationCursor.read(n.id(), now);
        Set<Listener> listeners = byAccount.get(n.accountId());
        if (listeners != null) {
          LiveEvent live = notificationEvent(n);
          listeners.forEach(l -> l.deliver(live));
        }
      }
      return list.size() == BATCH;
    });
  }

  private static LiveEvent threadEvent(ThreadEventRepository.ThreadEvent event) {
    return new LiveEvent(event.id(), event.kind(), ApiDocuments.postOnly(event.post()));
  }

  private static LiveEvent notificationEvent(NotificationRepository.Notification n) {
    return new LiveEvent(n.id(), "notification", ApiDocuments.notification(n));
  }

  /**
   * One stream: until its replay is sent, live events wait, so each goes out once, and after the
   * replay. A late-committed event may come after one with a higher id; it is still sent.
   */
  private static final class Listener {
    private static final int REMEMBERED = 2_048;
    private final Context context;
    private final Consumer<LiveEvent> sink;
    // On the listener's context only.
    private long after;
    private final java.util.LinkedHashSet<Long> sent = new java.util.LinkedHashSet<>();
    private List<LiveEvent> waiting = new ArrayList<>();

    Listener(Context context, Consumer<LiveEvent> sink, long after) {
      this.context = context;
      this.sink = sink;
      this.after = Math.max(0, after);
    }

    void deliver(LiveEvent event) {
      context.runOnContext(v -> {
        if (waiting != null) {
          waiting.add(event);
        } else {
          send(event);
        }
      });
    }

    void skipUpTo(long id) {
      context.runOnContext(v -> after = Math.max(after, id));
    }

    void goLive(List<LiveEvent> replay) {
      context.runOnContext(v -> {
        replay.forEach(this::send);
        List<LiveEvent> held = waiting;
        waiting = null;
        held.forEach(this::send);
      });
    }

    private void send(LiveEvent event) {
      if (event.id() > after && sent.add(event.id())) {
        if (sent.size() > REMEMBERED) {
          sent.remove(sent.iterator().next());
        }
        sink.accept(event);
      }
    }
  }
}
