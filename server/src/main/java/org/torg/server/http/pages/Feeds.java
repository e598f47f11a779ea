package org.torg.server.http.pages;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.http.PathIds;
import org.torg.server.http.ThreadCursor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.Post;
import org.torg.server.processing.Groups;

/**
 * Atom feeds, for people who follow by feed reader rather than from a fediverse account: a
 * Group's threads by latest activity, and a thread's posts newest first. Public, no session.
 */
public final class Feeds {

  static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";
  private static final int ENTRIES = 50;

  private final PageRenderer renderer;
  private final Groups groups;
  private final ThreadRepository threads;
  private final PostRepository posts;
  private final String instanceName;

  public Feeds(PageRenderer renderer, Groups groups, ThreadRepository threads, PostRepository posts, String instanceName) {
    this.renderer = renderer;
    this.groups = groups;
    this.threads = threads;
    this.posts = posts;
    this.instanceName = instanceName;
  }

  public void mount(Router router) {
    router.get("/groups/:name/feed.atom").handler(this::group);
    router.get("/threads/:id/feed.atom").handler(this::thread);
  }

  private void group(RoutingContext ctx) {
    ThreadCursor first = ThreadCursor.parse(null);
    groups.find(ctx.pathParam("name")).compose(group -> threads.ofGroup(group.actor().id(), first.activity(), first.id(), ENTRIES)
        .map(list -> {
          List<Map<String, Object>> entries = new ArrayList<>();
          for (ThreadRepository.Summary s : list) {
            DiscussionThread t = s.thread();
            entries.add(Map.of("id", t.uri(), "url", t.uri(), "title", t.title() == null ? "" : t.title(),
                "updated", PostViews.iso(t.lastActivityAt()), "published", PostViews.iso(t.createdAt()),
                "author", PostViews.name(s.author()), "authorUri", s.author().uri(), "content", ""));
          }
          String updated = list.isEmpty() ? PostViews.iso(group.actor().published()) : PostViews.iso(list.get(0).thread().lastActivityAt());
          return Map.<String, Object>of("title", PostViews.name(group.actor()), "id", group.actor().uri() + "/feed.atom",
              "self", group.actor().uri() + "/feed.atom", "alternate", group.actor().url() != null ? group.actor().url() : group.actor().uri(),
              "updated", updated, "generator", instanceName, "entries", entries);
        }))
        .onSuccess(model -> send(ctx, model))
        .onFailure(ctx::fail);
  }

  private void thread(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    threads.findById(id).map(found -> found.filter(DiscussionThread::local)
            .orElseThrow(() -> new HttpError(404, "not_found", "No such thread here.")))
        .compose(thread -> posts.ofThread(thread.id()).map(all -> {
          List<Post> live = new ArrayList<>(all.stream().filter(p -> !p.deleted()).toList());
          if (live.stream().noneMatch(p -> thread.rootPostId().equals(Optional.of(p.id())))) {
            throw new HttpError(410, "gone", "This thread was deleted.");
          }
          live.sort(Comparator.comparing(Post::published).reversed());
          List<Map<String, Object>> entries = new ArrayList<>();
          for (Post p : live.subList(0, Math.min(ENTRIES, live.size()))) {
            Instant updated = p.editedAt().orElse(p.published());
            entries.add(Map.of("id", p.uri(), "url", p.pageUrl(),
                "title", p.name() != null ? p.name() : PostViews.excerpt(p.content(), 80),
                "updated", PostViews.iso(updated), "published", PostViews.iso(p.published()),
                "author", PostViews.name(p.author()), "authorUri", p.author().uri(), "content", p.content()));
          }
          String updated = PostViews.iso(live.get(0).editedAt().orElse(live.get(0).published()));
          return Map.<String, Object>of("title", thread.title() == null ? "" : thread.title(), "id", thread.uri() + "/feed.atom",
              "self", thread.uri() + "/feed.atom", "alternate", thread.uri(), "updated", updated, "generator", instanceName,
              "entries", entries);
        }))
        .onSuccess(model -> send(ctx, model))
        .onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, Map<String, Object> model) {
    ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(renderer.render("feed", model, Locale.ENGLISH));
  }
}
