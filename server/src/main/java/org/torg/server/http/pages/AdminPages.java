package org.torg.server.http.pages;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.torg.server.db.FederationHealthRepository;

/**
 * The moderators' and admins' UI under /admin. Anonymous visitors are sent to sign in; citizens
 * get 403. The reports queue, domain blocks and accounts are driven by the page's script
 * through the admin API (which checks every role again on the server); federation health and
 * the instance settings are rendered here.
 */
public final class AdminPages {

  private static final int FAILING_HOSTS_SHOWN = 100;

  private final Pages pages;
  private final FederationHealthRepository health;

  public AdminPages(Pages pages, FederationHealthRepository health) {
    this.pages = pages;
    this.health = health;
  }

  public void mount(Router router) {
    router.get("/admin").handler(ctx -> shell(ctx, "admin-home", false));
    router.get("/admin/reports").handler(ctx -> shell(ctx, "admin-reports", false));
    router.get("/admin/domain-blocks").handler(ctx -> shell(ctx, "admin-domain-blocks", false));
    router.get("/admin/accounts").handler(ctx -> shell(ctx, "admin-accounts", true));
    router.get("/admin/federation").handler(this::federation);
    router.get("/admin/settings").handler(this::settings);
  }

  /** The page's request when the viewer may see it; otherwise answered here (sign in, or 403) and empty. */
  private Future<PageRequest> allowed(RoutingContext ctx, boolean adminOnly) {
    return pages.begin(ctx).compose(page -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return Future.succeededFuture();
      }
      if (adminOnly ? !page.admin() : !page.moderator()) {
        pages.message(ctx, page, 403, "forbidden.title", adminOnly ? "forbidden.admins" : "forbidden.moderators");
        return Future.succeededFuture();
      }
      return Future.succeededFuture(page);
    });
  }

  private void shell(RoutingContext ctx, String template, boolean adminOnly) {
    allowed(ctx, adminOnly).onSuccess(page -> {
      if (page != null) {
        Map<String, Object> model = pages.model(page);
        model.put("section", template);
        pages.send(ctx, page, 200, template, model);
      }
    }).onFailure(ctx::fail);
  }

  private void federation(RoutingContext ctx) {
    allowed(ctx, false).compose(page -> page == null ? Future.succeededFuture()
        : health.queue().compose(queue -> health.failingHosts(FAILING_HOSTS_SHOWN).map(hosts -> {
          Map<String, Object> model = pages.model(page);
          model.put("section", "admin-federation");
          PostViews views = new PostViews(page);
          model.put("pending", queue.pending());
          model.put("failedLastDay", queue.failedLastDay());
          List<Map<String, Object>> rows = new ArrayList<>();
          for (FederationHealthRepository.FailingHost h : hosts) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("host", h.host());
            row.put("failureDays", h.failureDays());
            row.put("unavailable", h.unavailable());
            row.put("lastFailure", h.lastFailureAt().map(views::time).orElse(""));
            row.put("lastFailureIso", h.lastFailureAt().map(PostViews::iso).orElse(""));
            row.put("lastSuccess", h.lastSuccessAt().map(views::time).orElse(""));
            row.put("lastError", h.lastError() == null ? "" : h.lastError());
            row.put("pending", h.pending());
            rows.add(row);
          }
          model.put("hosts", rows);
          pages.send(ctx, page, 200, "admin-federation", model);
          return null;
        }))).onFailure(ctx::fail);
  }

  /** Read-only: the settings come from config/torg.yaml and the environment, and change with a restart. */
  private void settings(RoutingContext ctx) {
    allowed(ctx, true).onSuccess(page -> {
      if (page == null) {
        return;
      }
      var config = pages.config();
      Map<String, Object> model = pages.model(page);
      model.put("section", "admin-settings");
      List<Map<String, String>> rows = List.of(
          Map.of("key", "instance.name", "env", "TORG_INSTANCE_NAME", "value", config.instance().name()),
          Map.of("key", "instance.description", "env", "TORG_INSTANCE_DESCRIPTION",
              "value", config.instance().description() == null ? "" : config.instance().description()),
          Map.of("key", "public_url", "env", "TORG_PUBLIC_URL", "value", config.publicUrl().toString()),
          Map.of("key", "accounts.registration", "env", "TORG_ACCOUNTS_REGISTRATION",
              "value", config.accounts().registration().name().toLowerCase(Locale.ROOT)),
          Map.of("key", "federation.allow_private_addresses", "env", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES",
              "value", Boolean.toString(config.federation().allowPrivateAddresses())));
      model.put("settings", rows);
      pages.send(ctx, page, 200, "admin-settings", model);
    }).onFailure(ctx::fail);
  }
}
