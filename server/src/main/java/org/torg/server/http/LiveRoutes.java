package org.torg.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.live.LiveEvent;
import org.torg.server.processing.live.LiveFeed;
import org.torg.server.processing.live.StreamLimits;
import org.torg.server.processing.posts.ThreadReads;

/**
 * Live streams (Server-Sent Events, README "Live updates"): a thread's new posts, edits,
 * deletions and like counts, and a signed-in person's notifications. A client resumes after the
 * last event id it saw (the Last-Event-ID header EventSource sends by itself, or ?lastEventId=).
 * Browsers authenticate by their session cookie: EventSource cannot set headers.
 */
public final class LiveRoutes {

  static final long HEARTBEAT_MILLIS = 25_000;
  private static final Duration RETRY_CLIENT = Duration.ofSeconds(30);
  private static final Duration RETRY_NODE = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final ThreadReads threads;
  private final LiveFeed feed;
  private final StreamLimits limits;

  public LiveRoutes(Vertx vertx, ThreadReads threads, LiveFeed feed, StreamLimits limits) {
    this.vertx = vertx;
    this.threads = threads;
    this.feed = feed;
    this.limits = limits;
  }

  public void mount(Router router) {
    router.get("/api/v1/threads/:id/stream").handler(this::thread);
    router.get("/api/v1/notifications/stream").handler(this::notifications);
  }

  /** Whoever may read the thread: the same check as GET /api/v1/threads/{id} (404, 410), from its cached rendering. */
  private void thread(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    long after = lastEventId(ctx);
    threads.read(id).onSuccess(readable -> open(ctx, sink -> feed.followThread(id, after, sink))).onFailure(ctx::fail);
  }

  private void notifications(RoutingContext ctx) {
    Principal me = Permissions.signedIn(Authentication.principal(ctx));
    long after = lastEventId(ctx);
    open(ctx, sink -> feed.followNotifications(me.accountId(), after, sink));
  }

  private void open(RoutingContext ctx, java.util.function.Function<java.util.function.Consumer<LiveEvent>, LiveFeed.Subscription> follow) {
    String client = ClientAddress.of(ctx);
    switch (limits.tryOpen(client)) {
      case CLIENT_FULL -> {
        ctx.fail(HttpError.retryLater(429, "too_many_streams", RETRY_CLIENT,
            "This address has as many live streams open as it may; close one first."));
        return;
      }
      case NODE_FULL -> {
        ctx.fail(HttpError.retryLater(503, "streams_full", RETRY_NODE,
            "This server has as many live streams open as it can hold; try again later."));
        return;
      }
      case OPEN -> { }
    }
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        // Not compressed, and not buffered by a proxy: each event must leave at once.
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": live\n\n");
    LiveFeed.Subscription[] subscription = new LiveFeed.Subscription[1];
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, t -> response.write(":\n\n"));
    boolean[] done = new boolean[1];
    Runnable closeOnce = () -> {
      if (!done[0]) {
        done[0] = true;
        vertx.cancelTimer(heartbeat);
        if (subscription[0] != null) {
          subscription[0].close();
        }
        limits.release(client);
      }
    };
    // A node shutting down ends its streams at once instead of waiting out the grace period for
    // them; EventSource reconnects (to another node) and resumes after its last event.
    ctx.request().connection().shutdownHandler(v -> {
      if (!done[0]) {
        response.end();
      }
    });
    response.closeHandler(v -> closeOnce.run());
    response.endHandler(v -> closeOnce.run());
    subscription[0] = follow.apply(event -> {
      if (done[0]) {
        return;
      }
      if (response.writeQueueFull()) {
        // A client that does not read its stream is cut off rather than buffered for without end.
        response.reset();
        closeOnce.run();
        return;
      }
      response.write(frame(event));
    });
  }

  static String frame(LiveEvent event) {
    // JSON encodes line breaks inside strings, so the data is one line.
    return "id: " + event.id() + "\nevent: " + event.name() + "\ndata: " + event.data().encode() + "\n\n";
  }

  private static long lastEventId(RoutingContext ctx) {
    String raw = ctx.request().getHeader("Last-Event-ID");
    if (raw == null || raw.isBlank()) {
      raw = ctx.request().getParam("lastEventId");
    }
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(raw.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new HttpError(400, "bad_last_event_id", "Last-Event-ID is the id of an event this stream sent.");
  }
}
