package org.torg.server.http.pages;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.torg.server.convert.SearchSnippets;
import org.torg.server.db.SearchRepository.PostHit;
import org.torg.server.db.SearchRepository.ThreadHit;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;
import org.torg.server.processing.remote.Resolver.Resolved;
import org.torg.server.processing.search.Search;

/**
 * The search page, {@code /search?q=&type=}: a plain GET form (the box in every page's header
 * sends here), so it works without JavaScript; the same search as GET /api/v1/search.
 */
public final class SearchPages {

  private final Pages pages;
  private final Search search;

  public SearchPages(Pages pages, Search search) {
    this.pages = pages;
    this.search = search;
  }

  public void mount(Router router) {
    router.get("/search").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    var params = ctx.request().params();
    pages.begin(ctx).onSuccess(page -> {
      Map<String, Object> model = pages.model(page);
      String q = params.get("q") == null ? "" : params.get("q").strip();
      String type = params.get("type") == null || params.get("type").isBlank() ? "threads" : params.get("type").strip();
      model.put("q", q);
      model.put("type", type);
      model.put("types", List.of("threads", "posts", "groups", "accounts"));
      if (q.isEmpty()) {
        pages.send(ctx, page, 200, "search", model);
        return;
      }
      Search.Request request;
      try {
        request = Search.request(q, type, null, params.get("offset"), page.viewer().map(p -> p.account().actor().id()),
            page.viewer().isPresent());
      } catch (HttpError e) {
        model.put("error", true);
        pages.send(ctx, page, 400, "search", model);
        return;
      }
      PostViews views = new PostViews(page);
      search.search(request).onSuccess(results -> {
        List<Map<String, Object>> rows = new ArrayList<>();
        results.threads().forEach(hit -> rows.add(thread(hit, views)));
        results.posts().forEach(hit -> rows.add(post(hit, views)));
        results.actors().forEach(actor -> rows.add(actor(actor)));
        model.put("results", rows);
        results.resolved().ifPresent(r -> model.put("resolved", resolved(r)));
        model.put("offset", request.offset());
        model.put("next", results.more() ? "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&type="
            + request.kind().wire() + "&offset=" + (request.offset() + request.limit()) : null);
        pages.send(ctx, page, 200, "search", model);
      }).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private static Map<String, Object> thread(ThreadHit hit, PostViews views) {
    Map<String, Object> row = new HashMap<>();
    row.put("title", hit.title() == null ? "" : hit.title());
    row.put("url", hit.uri());
    row.put("where", where(hit.groupName(), hit.groupHost()));
    row.put("replies", hit.replies());
    row.put("timeIso", PostViews.iso(hit.lastActivity()));
    row.put("timeText", views.time(hit.lastActivity()));
    row.put("snippet", SearchSnippets.html(hit.snippet()));
    return row;
  }

  private static Map<String, Object> post(PostHit hit, PostViews views) {
    Post post = hit.post();
    Map<String, Object> row = new HashMap<>();
    row.put("title", hit.threadTitle() == null ? "" : hit.threadTitle());
    row.put("url", post.pageUrl());
    row.put("author", PostViews.name(post.author()));
    row.put("handle", post.author().handle());
    row.put("where", where(hit.groupName(), hit.groupHost()));
    row.put("timeIso", PostViews.iso(post.published()));
    row.put("timeText", views.time(post.published()));
    row.put("snippet", SearchSnippets.html(hit.snippet()));
    return row;
  }

  private static Map<String, Object> actor(Actor actor) {
    Map<String, Object> row = new HashMap<>();
    row.put("title", PostViews.name(actor));
    row.put("url", actor.local() || actor.url() == null ? actor.uri() : actor.url());
    row.put("handle", actor.handle());
    row.put("summary", PostViews.excerpt(actor.summary(), 200));
    return row;
  }

  private static Map<String, Object> resolved(Resolved resolved) {
    if (resolved.post().isPresent()) {
      Post post = resolved.post().get();
      return Map.of("kind", "post", "title", PostViews.name(post.author()), "handle", post.author().handle(),
          "url", post.pageUrl(), "summary", PostViews.excerpt(post.content(), 200));
    }
    Actor actor = resolved.actor().orElseThrow();
    Map<String, Object> row = actor(actor);
    row.put("kind", "actor");
    return row;
  }

  private static String where(Optional<String> group, Optional<String> host) {
    return group.map(g -> "@" + g + "@" + host.orElse("")).orElse("");
  }
}
