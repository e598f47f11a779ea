package org.torg.server.http.pages;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.torg.server.db.BranchMembershipRepository.Listed;
import org.torg.server.db.BranchMembershipRepository.State;
import org.torg.server.model.LocalGroup;
import org.torg.server.processing.network.Directory;

/**
 * A hub's directory of branches as a page, and "the branch near me": a GET form (no script)
 * that keeps the branches whose place or name contains what was typed, in any case and with or
 * without accents.
 */
public final class DirectoryPages {

  /** One page lists this many; a party with more branches searches by place. */
  static final int LISTED = 200;

  private final Pages pages;
  private final Directory directory;

  public DirectoryPages(Pages pages, Directory directory) {
    this.pages = pages;
    this.directory = directory;
  }

  /** {@code query}: what the visitor searched for, blank for every branch. */
  public void branches(RoutingContext ctx, LocalGroup hub, String query) {
    pages.begin(ctx).compose(page -> directory.branches(hub.actor(), State.approved, query, LISTED, 0).map(list -> {
      Map<String, Object> model = pages.model(page);
      model.put("hub", Map.of("name", PostViews.name(hub.actor()), "url", hub.actor().url() != null ? hub.actor().url() : hub.actor().uri(),
          "branchesUrl", hub.actor().uri() + "/branches"));
      model.put("query", query);
      model.put("branches", rows(list));
      model.put("ogTitle", PostViews.name(hub.actor()));
      model.put("ogUrl", hub.actor().uri() + "/branches");
      pages.send(ctx, page, 200, "branches", model);
      return null;
    })).onFailure(ctx::fail);
  }

  private static List<Map<String, Object>> rows(List<Listed> list) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Listed b : list) {
      rows.add(Map.of("name", b.displayName() != null && !b.displayName().isBlank() ? b.displayName() : b.username(),
          "handle", "!" + b.username() + "@" + b.host(), "server", b.host(),
          "url", b.url() != null ? b.url() : b.uri(), "place", b.place(), "summary", PostViews.excerpt(b.summary(), 300)));
    }
    return rows;
  }
}
