package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.torg.server.db.SearchRepository.PostHit;
import org.torg.server.db.SearchRepository.ThreadHit;
import org.torg.server.processing.remote.Resolver.Resolved;
import org.torg.server.processing.search.Search;

/** {@code SearchResults} of GET /api/v1/search (OpenAPI): one page of matches and the link to the next. */
public final class SearchDocuments {

  private SearchDocuments() {}

  public static JsonObject results(Search.Request request, Search.Results results) {
    JsonArray items = new JsonArray();
    results.threads().forEach(hit -> items.add(thread(hit)));
    results.posts().forEach(hit -> items.add(post(hit)));
    results.actors().forEach(actor -> items.add(ApiDocuments.actor(actor)));
    return new JsonObject()
        .put("q", request.q())
        .put("type", request.kind().wire())
        .put("resolved", results.resolved().map(SearchDocuments::resolved).orElse(null))
        .put("results", items)
        .put("next", results.more() ? next(request) : null);
  }

  /** The same search, one page on. */
  public static String next(Search.Request request) {
    return "/api/v1/search?q=" + URLEncoder.encode(request.q(), StandardCharsets.UTF_8) + "&type=" + request.kind().wire()
        + "&limit=" + request.limit() + "&offset=" + (request.offset() + request.limit());
  }

  private static JsonObject thread(ThreadHit hit) {
    return new JsonObject()
        .put("id", Long.toString(hit.threadId()))
        .put("title", hit.title())
        .put("uri", hit.uri())
        .put("group", group(hit.groupName(), hit.groupHost()))
        .put("lastActivityAt", ApiDocuments.time(hit.lastActivity()))
        .put("replies", hit.replies())
        .put("post", Long.toString(hit.postId()))
        .put("snippet", SearchSnippets.html(hit.snippet()));
  }

  private static JsonObject post(PostHit hit) {
    return new JsonObject()
        .put("post", ApiDocuments.postOnly(hit.post()))
        .put("thread", new JsonObject()
            .put("id", Long.toString(hit.post().threadId()))
            .put("title", hit.threadTitle())
            .put("uri", hit.threadUri())
            .put("group", group(hit.groupName(), hit.groupHost())))
        .put("snippet", SearchSnippets.html(hit.snippet()));
  }

  private static JsonObject group(Optional<String> name, Optional<String> host) {
    return name.map(n -> new JsonObject().put("name", n).put("server", host.orElse(null))
        .put("handle", "@" + n + "@" + host.orElse(""))).orElse(null);
  }

  private static JsonObject resolved(Resolved resolved) {
    return resolved.post().map(post -> new JsonObject().put("type", "post").put("post", ApiDocuments.postOnly(post)))
        .orElseGet(() -> new JsonObject().put("type", "actor").put("actor", ApiDocuments.actor(resolved.actor().orElseThrow())));
  }
}
