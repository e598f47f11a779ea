package org.torg.server.http.pages;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.torg.server.config.TorgConfig.Registration;
import org.torg.server.db.NotificationRepository;
import org.torg.server.model.Principal;
import org.torg.server.processing.Groups;

/**
 * The signed-in side: sign in, register, open a thread, follow someone elsewhere, notifications.
 * The forms post to the JSON API from the page's script (with the session's CSRF token); without
 * JavaScript they say so instead of failing silently.
 */
public final class AccountPages {

  private final Pages pages;
  private final Groups groups;
  private final NotificationRepository notifications;

  public AccountPages(Pages pages, Groups groups, NotificationRepository notifications) {
    this.pages = pages;
    this.groups = groups;
    this.notifications = notifications;
  }

  public void mount(Router router) {
    router.get("/signin").handler(this::signIn);
    router.get("/register").handler(this::register);
    router.get("/follow").handler(this::follow);
    router.get("/notifications").handler(this::notifications);
    router.get("/groups/:name/new").handler(this::newThread);
  }

  private void signIn(RoutingContext ctx) {
    pages.begin(ctx).onSuccess(page -> {
      Map<String, Object> model = pages.model(page);
      model.put("next", safeNext(ctx.request().getParam("next")));
      model.put("registrationOpen", pages.config().accounts().registration() != Registration.CLOSED);
      pages.send(ctx, page, 200, "signin", model);
    }).onFailure(ctx::fail);
  }

  private void register(RoutingContext ctx) {
    pages.begin(ctx).onSuccess(page -> {
      Map<String, Object> model = pages.model(page);
      model.put("registration", pages.config().accounts().registration().name().toLowerCase(java.util.Locale.ROOT));
      pages.send(ctx, page, 200, "register", model);
    }).onFailure(ctx::fail);
  }

  private void follow(RoutingContext ctx) {
    pages.begin(ctx).onSuccess(page -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return;
      }
      Map<String, Object> model = pages.model(page);
      String target = ctx.request().getParam("target");
      model.put("target", target == null ? "" : target);
      pages.send(ctx, page, 200, "follow", model);
    }).onFailure(ctx::fail);
  }

  private void newThread(RoutingContext ctx) {
    pages.begin(ctx).compose(page -> groups.find(ctx.pathParam("name")).map(group -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return null;
      }
      Map<String, Object> model = pages.model(page);
      model.put("group", Map.of("name", group.name(), "displayName", PostViews.name(group.actor()),
          "url", group.actor().url() != null ? group.actor().url() : group.actor().uri()));
      pages.send(ctx, page, 200, "new-thread", model);
      return null;
    })).onFailure(ctx::fail);
  }

  private void notifications(RoutingContext ctx) {
    pages.begin(ctx).compose(page -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return io.vertx.core.Future.succeededFuture();
      }
      Principal me = page.viewer().get();
      return notifications.page(me.accountId(), Long.MAX_VALUE, 50).map(list -> {
        Map<String, Object> model = pages.model(page);
        PostViews views = new PostViews(page);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NotificationRepository.Notification n : list) {
          rows.add(Map.of("id", n.id(), "kind", n.kind(), "read", n.read(), "fromName", PostViews.name(n.from()),
              "fromHandle", n.from().handle(), "postUrl", "/threads/" + n.threadId() + "#post-" + n.postId(),
              "threadTitle", n.threadTitle() == null ? "" : n.threadTitle(), "excerpt", PostViews.excerpt(n.content(), 160),
              "atIso", PostViews.iso(n.at()), "atText", views.time(n.at())));
        }
        model.put("notifications", rows);
        pages.send(ctx, page, 200, "notifications", model);
        return null;
      });
    }).onFailure(ctx::fail);
  }

  /** Only a path on this site: an absolute or protocol-relative URL would make sign-in an open redirect. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 500) {
      return "/";
    }
    return next;
  }
}
