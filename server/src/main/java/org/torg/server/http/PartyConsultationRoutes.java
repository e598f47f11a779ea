package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.db.PartyEntryRepository;
import org.torg.server.db.PartyEntryRepository.Listed;
import org.torg.server.processing.Groups;

/** A branch's party-wide consultations: those of its hubs it takes part in, public like the Group's threads. */
public final class PartyConsultationRoutes {

  private static final int LISTED = 50;

  private final Groups groups;
  private final PartyEntryRepository entries;

  public PartyConsultationRoutes(Groups groups, PartyEntryRepository entries) {
    this.groups = groups;
    this.entries = entries;
  }

  public void mount(Router router) {
    router.get("/api/v1/groups/:name/party-consultations").handler(this::list);
  }

  /** Latest activity first: each with its hub and the branch's entry, the post its followers reply to. */
  private void list(RoutingContext ctx) {
    groups.find(ctx.pathParam("name")).compose(group -> entries.ofBranch(group.actor().id(), LISTED))
        .onSuccess(list -> {
          JsonArray items = new JsonArray();
          for (Listed c : list) {
            items.add(new JsonObject().put("threadId", Long.toString(c.threadId())).put("title", c.title())
                .put("url", c.rootUrl()).put("lastActivityAt", c.lastActivityAt().toString()).put("replies", c.replyCount())
                .put("hub", new JsonObject().put("name", c.hubName()).put("host", c.hubHost()).put("url", c.hubUrl()))
                .put("entry", c.entryPostId().map(id -> Long.toString(id)).orElse(null)));
          }
          ApiResponses.json(ctx, 200, new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }
}
