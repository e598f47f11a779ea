package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.db.NotificationRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;

/** The signed-in account's notifications of replies and mentions, and marking them read. */
public final class NotificationRoutes {

  private static final int PAGE = 40;

  private final NotificationRepository notifications;
  private final Clock clock;

  public NotificationRoutes(NotificationRepository notifications, Clock clock) {
    this.notifications = notifications;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/api/v1/notifications").handler(this::list);
    router.post("/api/v1/notifications/read").handler(this::markRead);
  }

  /** ?cursor=<next of the previous page>: newest first, with the count still unread. */
  private void list(RoutingContext ctx) {
    Principal me = Permissions.signedIn(Authentication.principal(ctx));
    long before = longParam(ctx.request().getParam("cursor"), Long.MAX_VALUE, "cursor is the next value of a previous page.");
    notifications.page(me.accountId(), before, PAGE).compose(page -> notifications.countUnread(me.accountId()).map(unread -> {
      JsonArray items = new JsonArray();
      page.forEach(n -> items.add(ApiDocuments.notification(n)));
      return new JsonObject().put("items", items).put("unread", unread)
          .put("next", page.size() < PAGE ? null : Long.toString(page.get(page.size() - 1).id()));
    })).onSuccess(body -> ApiResponses.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** {upTo?: notification id}: everything up to it (or everything) is read. */
  private void markRead(RoutingContext ctx) {
    Principal me = Permissions.signedIn(Authentication.principal(ctx));
    Optional<String> upTo = JsonBody.of(ctx).string("upTo");
    Optional<Long> id = upTo.map(raw -> longParam(raw, 0, "upTo is a notification id."));
    notifications.markRead(me.accountId(), id, clock.instant())
        .onSuccess(n -> ApiResponses.json(ctx, 200, new JsonObject().put("marked", n)))
        .onFailure(ctx::fail);
  }

  private static long longParam(String raw, long none, String message) {
    if (raw == null || raw.isEmpty()) {
      return none;
    }
    try {
      long value = Long.parseLong(raw);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new HttpError(400, "bad_request", message);
  }
}
