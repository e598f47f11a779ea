package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.owasp.encoder.Encode;
import org.torg.server.config.TorgConfig;
import org.torg.server.db.ModlogRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.ModlogEntry;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moderation.Appeals;
import org.torg.server.processing.moderation.ModlogJson;

/**
 * The public moderation log: the API (paged), an Atom feed and a plain page, readable by anyone;
 * appeals by the accounts concerned, decided by moderators.
 */
public final class ModlogRoutes {

  private static final int PAGE = 50;

  private final ModlogRepository modlog;
  private final Appeals appeals;
  private final boolean showModerators;
  private final TorgConfig config;

  public ModlogRoutes(ModlogRepository modlog, Appeals appeals, boolean showModerators, TorgConfig config) {
    this.modlog = modlog;
    this.appeals = appeals;
    this.showModerators = showModerators;
    this.config = config;
  }

  public void mount(Router router) {
    router.get("/api/v1/modlog").handler(this::api);
    router.post("/api/v1/modlog/:id/appeal").handler(this::appeal);
    router.get("/api/v1/admin/appeals").handler(this::appealList);
    router.post("/api/v1/admin/appeals/:id/decide").handler(this::decide);
    router.get("/modlog").handler(this::page);
    router.get("/modlog.atom").handler(this::feed);
  }

  /** ?cursor=<next>: newest first. */
  private void api(RoutingContext ctx) {
    long before = cursor(ctx);
    modlog.page(before, PAGE).onSuccess(entries -> {
      JsonArray items = new JsonArray();
      entries.forEach(e -> items.add(ModlogJson.entry(e, showModerators)));
      String next = entries.size() < PAGE ? null : String.valueOf(entries.get(entries.size() - 1).id());
      ApiResponses.json(ctx, 200, new JsonObject().put("items", items).put("next", next));
    }).onFailure(ctx::fail);
  }

  /** {text}: the account the entry concerns asks the moderators to reconsider. */
  private void appeal(RoutingContext ctx) {
    Principal by = Permissions.signedIn(Authentication.principal(ctx));
    long id = PathIds.of(ctx, "id");
    appeals.appeal(by, id, JsonBody.of(ctx).requiredString("text"))
        .onSuccess(a -> ApiResponses.json(ctx, 201, a)).onFailure(ctx::fail);
  }

  /** ?state=open|granted|denied: each appeal with the action it is about. */
  private void appealList(RoutingContext ctx) {
    Permissions.instanceModerator(Authentication.principal(ctx));
    String state = ctx.request().getParam("state");
    if (state != null && !List.of("open", "granted", "denied").contains(state)) {
      throw new HttpError(400, "bad_request", "state is open, granted or denied.");
    }
    appeals.list(Optional.ofNullable(state)).onSuccess(list -> ApiResponses.json(ctx, 200, new JsonArray(list)))
        .onFailure(ctx::fail);
  }

  /** {decision: granted|denied, reason}. */
  private void decide(RoutingContext ctx) {
    Principal by = Permissions.instanceModerator(Authentication.principal(ctx));
    long id = PathIds.of(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    appeals.decide(by, id, body.requiredString("decision"), body.string("reason").orElse(""))
        .onSuccess(a -> ApiResponses.json(ctx, 200, a)).onFailure(ctx::fail);
  }

  /** A plain page; the web client will bring a nicer one. Everything shown is encoded. */
  private void page(RoutingContext ctx) {
    long before = cursor(ctx);
    modlog.page(before, PAGE).onSuccess(entries -> {
      StringBuilder body = new StringBuilder("<h1>Moderation log</h1>\n<p><a href=\"/modlog.atom\">Feed</a></p>\n<table>\n"
          + "<tr><th>When</th><th>Action</th><th>Target</th><th>Reason</th><th>Moderator</th></tr>\n");
      for (ModlogEntry e : entries) {
        JsonObject j = ModlogJson.entry(e, showModerators);
        body.append("<tr><td>").append(Encode.forHtml(j.getString("at"))).append("</td><td>")
            .append(Encode.forHtml(j.getString("action"))).append("</td><td>").append(Encode.forHtml(j.getString("target")))
            .append("</td><td>").append(Encode.forHtml(j.getString("reason"))).append("</td><td>")
            .append(Encode.forHtml(j.getString("moderator"))).append("</td></tr>\n");
      }
      body.append("</table>\n");
      if (entries.size() == PAGE) {
        body.append("<p><a href=\"/modlog?cursor=").append(entries.get(entries.size() - 1).id()).append("\">Older</a></p>\n");
      }
      ContentNegotiation.sendHtml(ctx.response(), 200, ActorRoutes.page("Moderation log", body.toString()));
    }).onFailure(ctx::fail);
  }

  /** Atom (RFC 4287): the newest entries, for feed readers and for other instances watching this one. */
  private void feed(RoutingContext ctx) {
    modlog.page(Long.MAX_VALUE, PAGE).onSuccess(entries -> {
      String self = config.url("/modlog.atom");
      StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
          .append("<title>").append(Encode.forXml(config.instance().name())).append(" moderation log</title>\n")
          .append("<id>").append(Encode.forXml(self)).append("</id>\n")
          .append("<link rel=\"self\" href=\"").append(Encode.forXmlAttribute(self)).append("\"/>\n")
          .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(Encode.forXmlAttribute(config.url("/modlog")))
          .append("\"/>\n<updated>").append(entries.isEmpty() ? "1970-01-01T00:00:00Z" : entries.get(0).at().toString())
          .append("</updated>\n");
      for (ModlogEntry e : entries) {
        JsonObject j = ModlogJson.entry(e, showModerators);
        xml.append("<entry>\n<id>").append(Encode.forXml(self + "#" + e.id())).append("</id>\n")
            .append("<title>").append(Encode.forXml(j.getString("action") + ": " + j.getString("target"))).append("</title>\n")
            .append("<updated>").append(j.getString("at")).append("</updated>\n")
            .append("<author><name>").append(Encode.forXml(j.getString("moderator"))).append("</name></author>\n")
            .append("<content type=\"text\">").append(Encode.forXml(j.getString("reason"))).append("</content>\n</entry>\n");
      }
      xml.append("</feed>\n");
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/atom+xml; charset=utf-8").end(xml.toString());
    }).onFailure(ctx::fail);
  }

  private static long cursor(RoutingContext ctx) {
    String raw = ctx.request().getParam("cursor");
    if (raw == null || raw.isEmpty()) {
      return Long.MAX_VALUE;
    }
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new HttpError(400, "bad_request", "cursor is the next value of a previous page.");
  }
}
