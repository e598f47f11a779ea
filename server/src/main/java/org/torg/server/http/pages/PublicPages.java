package org.torg.server.http.pages;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.torg.server.db.BranchMembershipRepository;
import org.torg.server.db.ConsultationRepository;
import org.torg.server.db.HubThreadRepository;
import org.torg.server.db.PartyEntryRepository;
import org.torg.server.db.PersonalBlockRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.http.ThreadCursor;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Post;
import org.torg.server.model.ThreadTree;
import org.torg.server.processing.Groups;
import org.torg.server.processing.consultations.ParticipationReports;

/**
 * The pages anyone may read, without JavaScript: the instance's home (its Groups), a Group (its
 * threads), a thread read whole, a post's permalink and a profile. The post, thread, Group and
 * profile pages share their URLs with the ActivityPub documents; {@code PostRoutes} and
 * {@code ActorRoutes} hand browsers here.
 */
public final class PublicPages {

  static final int THREADS_PER_PAGE = 20;

  private final Pages pages;
  private final Groups groups;
  private final ThreadRepository threads;
  private final ConsultationRepository consultations;
  private final ParticipationReports reports;
  private final HubThreadRepository hubThreads;
  private final PartyEntryRepository partyEntries;
  private final BranchMembershipRepository branches;
  /** The server's clock: a consultation's phase and its poll's state follow it. */
  private final java.time.Clock clock;

  public PublicPages(Pages pages, Groups groups, ThreadRepository threads, ConsultationRepository consultations,
      ParticipationReports reports, HubThreadRepository hubThreads, PartyEntryRepository partyEntries,
      BranchMembershipRepository branches, java.time.Clock clock) {
    this.partyEntries = partyEntries;
    this.clock = clock;
    this.branches = branches;
    this.hubThreads = hubThreads;
    this.pages = pages;
    this.groups = groups;
    this.threads = threads;
    this.consultations = consultations;
    this.reports = reports;
  }

  public void mount(Router router) {
    router.get("/").handler(this::home);
    router.get("/threads/:id/report").handler(this::report);
  }

  /** A consultation's participation report as a page: the numbers of GET /api/v1/threads/{id}/report. */
  private void report(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      pages.begin(ctx).onSuccess(page -> pages.message(ctx, page, 404, "error.not_found.title", "error.not_found"))
          .onFailure(ctx::fail);
      return;
    }
    pages.begin(ctx).compose(page -> threads.findById(id).compose(thread -> {
      if (thread.isEmpty()) {
        pages.message(ctx, page, 404, "error.not_found.title", "error.not_found");
        return Future.succeededFuture();
      }
      return reports.report(id).map(report -> {
        Map<String, Object> model = pages.model(page);
        model.put("thread", Map.of("id", id, "title", thread.get().title() == null ? "" : thread.get().title(),
            "url", thread.get().uri()));
        // Deep: the template reads nested objects (replies, servers, poll) as maps and lists.
        model.put("report", report.mapTo(Map.class));
        model.put("csvUrl", "/api/v1/threads/" + id + "/report?format=csv");
        model.put("ogTitle", thread.get().title() == null ? "" : thread.get().title());
        model.put("ogUrl", pages.config().url("/threads/" + id + "/report"));
        pages.send(ctx, page, 200, "consultation-report", model);
        return null;
      });
    })).onFailure(ctx::fail);
  }

  private void home(RoutingContext ctx) {
    pages.begin(ctx).compose(page -> groups.all().map(all -> {
      Map<String, Object> model = pages.model(page);
      List<Map<String, Object>> list = new ArrayList<>();
      for (LocalGroup g : all) {
        list.add(groupSummary(g));
      }
      model.put("groups", list);
      model.put("ogTitle", pages.config().instance().name());
      model.put("ogDescription", pages.config().instance().description());
      model.put("ogUrl", pages.config().url("/"));
      pages.send(ctx, page, 200, "home", model);
      return null;
    })).onFailure(ctx::fail);
  }

  private static Map<String, Object> groupSummary(LocalGroup g) {
    Actor a = g.actor();
    return Map.of("name", g.name(), "displayName", PostViews.name(a), "handle", a.handle(),
        "url", a.url() != null ? a.url() : a.uri(), "summary", a.summary() == null ? "" : a.summary(),
        "followers", g.followers());
  }

  /**
   * A Group's page: who it is, how to follow it, its threads by latest activity (paged by ?cursor=);
   * for a hub, on the first page, the threads of the Groups it follows, each with its branch and server.
   */
  public void group(RoutingContext ctx, Actor actor) {
    ThreadCursor cursor = ThreadCursor.parse(ctx.request().getParam("cursor"));
    boolean firstPage = ctx.request().getParam("cursor") == null;
    pages.begin(ctx).compose(page -> groups.find(actor.username())
        .compose(group -> (firstPage ? hubThreads.threadsOf(actor.id(), THREADS_PER_PAGE)
            : Future.succeededFuture(List.<HubThreadRepository.HubThread>of())).compose(branchThreads ->
            (firstPage ? partyEntries.ofBranch(actor.id(), THREADS_PER_PAGE)
                : Future.succeededFuture(List.<PartyEntryRepository.Listed>of())).compose(party ->
            branches.countApproved(actor.id()).compose(branchCount ->
            threads.ofGroup(actor.id(), cursor.activity(), cursor.id(), THREADS_PER_PAGE).map(list -> {
          Map<String, Object> model = pages.model(page);
          // A hub's page offers "the branch near me": the directory's search form.
          model.put("branchCount", branchCount);
          model.put("hub", Map.of("branchesUrl", actor.uri() + "/branches"));
          model.put("query", "");
          model.put("branchThreads", branchRows(branchThreads, new PostViews(page)));
          model.put("partyConsultations", partyRows(party, new PostViews(page)));
          model.put("group", groupSummary(group));
          model.put("replyPolicy", group.replyPolicy().wire());
          PostViews views = new PostViews(page);
          List<Map<String, Object>> rows = new ArrayList<>();
          for (ThreadRepository.Summary s : list) {
            DiscussionThread t = s.thread();
            rows.add(Map.of("id", t.id(), "title", t.title() == null ? "" : t.title(), "url", t.uri(),
                "author", s.author().handle(), "replies", t.replyCount(),
                "lastActivityIso", PostViews.iso(t.lastActivityAt()), "lastActivityText", views.time(t.lastActivityAt())));
          }
          model.put("threads", rows);
          model.put("next", list.size() < THREADS_PER_PAGE ? null : ThreadCursor.of(list.get(list.size() - 1).thread()));
          model.put("ogTitle", PostViews.name(actor));
          model.put("ogDescription", PostViews.excerpt(actor.summary(), 200));
          model.put("ogUrl", actor.uri());
          pages.send(ctx, page, 200, "group", model);
          return null;
        })))))).onFailure(ctx::fail);
  }

  /**
   * The hubs' party-wide consultations this branch takes part in: the question links to the hub,
   * where every branch's replies are gathered; "take part" to the branch's entry, answered here.
   */
  private static List<Map<String, Object>> partyRows(List<PartyEntryRepository.Listed> list, PostViews views) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PartyEntryRepository.Listed c : list) {
      rows.add(Map.of("title", c.title() == null ? "" : c.title(), "url", c.rootUrl(), "hub", c.hubName(),
          "hubUrl", c.hubUrl(), "host", c.hubHost(), "entryUrl", c.entryPostId().map(id -> "/posts/" + id).orElse(c.rootUrl()),
          "replies", c.replyCount(), "lastActivityIso", PostViews.iso(c.lastActivityAt()),
          "lastActivityText", views.time(c.lastActivityAt())));
    }
    return rows;
  }

  /**
   * A hub's branch threads as the page lists them, marked with branch and host; each links to its
   * root's page on the branch's server, where the thread is read whole (this server shows only its own threads).
   */
  private static List<Map<String, Object>> branchRows(List<HubThreadRepository.HubThread> list, PostViews views) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (HubThreadRepository.HubThread t : list) {
      rows.add(Map.of("title", t.title() == null ? "" : t.title(), "url", t.pageUrl(),
          "branch", t.branchName(), "branchUrl", t.branchUrl(), "host", t.branchHost(), "replies", t.replyCount(),
          "lastActivityIso", PostViews.iso(t.lastActivityAt()), "lastActivityText", views.time(t.lastActivityAt())));
    }
    return rows;
  }

  public void profile(RoutingContext ctx, Actor actor) {
    profile(ctx, actor, Optional.empty());
  }

  /** A profile; {@code movedTo}: the account moved there, and the page says so (README "Export, import and moving"). */
  public void profile(RoutingContext ctx, Actor actor, Optional<String> movedTo) {
    profile(ctx, actor, movedTo, org.torg.server.model.ActorProfile.EMPTY);
  }

  /** The same with the avatar, header and fields (README "Profile and settings"). */
  public void profile(RoutingContext ctx, Actor actor, Optional<String> movedTo, org.torg.server.model.ActorProfile profile) {
    pages.begin(ctx).onSuccess(page -> {
      Map<String, Object> model = pages.model(page);
      model.put("movedTo", movedTo.orElse(""));
      model.put("avatarUrl", actor.iconUrl());
      model.put("headerUrl", profile.headerUrl());
      List<Map<String, Object>> fields = new ArrayList<>();
      // Values are HTML Torg rendered itself (local) or sanitized (remote) before they were stored.
      profile.fields().forEach(f -> fields.add(Map.of("name", f.name(), "value", f.value())));
      model.put("fields", fields);
      model.put("name", PostViews.name(actor));
      model.put("handle", actor.handle());
      // Local summaries are rendered by Torg itself from what the account wrote.
      model.put("summary", actor.summary() == null ? "" : actor.summary());
      model.put("isViewer", page.is(actor.id()));
      model.put("ogTitle", PostViews.name(actor) + " (" + actor.handle() + ")");
      model.put("ogDescription", PostViews.excerpt(actor.summary(), 200));
      model.put("ogUrl", actor.uri());
      model.put("ogType", "profile");
      pages.send(ctx, page, 200, "profile", model);
    }).onFailure(ctx::fail);
  }

  /** A thread read whole: the tree comes from one query, and nothing else is asked per post. */
  public void thread(RoutingContext ctx, DiscussionThread thread, Optional<Actor> group, ThreadTree tree, int postCount) {
    thread(ctx, thread, group, tree, postCount, null, null, PersonalBlockRepository.Hidden.NONE);
  }

  /** The page's viewer and language, from the request. */
  public Future<PageRequest> begin(RoutingContext ctx) {
    return pages.begin(ctx);
  }

  /**
   * The same; {@code anonymousPage}, when not null, is handed the page rendered for a reader who
   * is not signed in (the same for every such reader of this language), to keep. {@code signedInPage},
   * when not null and the reader is signed in: the page is rendered with stand-ins for the reader's
   * name and id, handed to it to keep, and sent from what it kept. {@code hidden}: whose posts
   * this reader does not see (then nothing is kept: the page is this reader's alone).
   */
  public void thread(RoutingContext ctx, DiscussionThread thread, Optional<Actor> group, ThreadTree tree, int postCount,
      java.util.function.BiConsumer<java.util.Locale, String> anonymousPage,
      java.util.function.BiFunction<PageRequest, String, Future<SignedInThreadPages.Page>> signedInPage,
      PersonalBlockRepository.Hidden hidden) {
    pages.begin(ctx).compose(page -> consultations.find(thread.id()).compose(consultation -> consultation.isEmpty()
        ? Future.succeededFuture(Optional.<Map<String, Object>>empty())
        : consultations.poll(thread.id()).map(poll -> Optional.of(ConsultationSection.of(consultation.get(), poll, tree,
            new PostViews(page), thread.id(), clock.instant()))))
        .map(section -> {
      Map<String, Object> model = pages.model(page);
      section.ifPresent(c -> model.put("consultation", c));
      PostView root = new PostViews(page, hidden, pages.mediaShown()).tree(tree);
      model.put("thread", Map.of("id", thread.id(), "title", thread.title() == null ? "" : thread.title(),
          "url", thread.uri(), "replies", thread.replyCount()));
      group.ifPresent(g -> model.put("group", Map.of("name", g.username(), "displayName", PostViews.name(g),
          "url", g.url() != null ? g.url() : g.uri(), "handle", g.handle())));
      model.put("root", root);
      model.put("ogTitle", thread.title() == null ? PostViews.name(tree.post().author()) : thread.title());
      model.put("ogDescription", PostViews.excerpt(root.content(), 200));
      model.put("ogUrl", thread.uri());
      model.put("ogType", "article");
      boolean heavy = postCount > Pages.RENDER_INLINE_MAX_POSTS;
      if (signedInPage != null && page.viewer().isPresent() && hidden.isEmpty()) {
        SignedInThreadPages.standIns(model);
        pages.render(page, "thread", model, heavy).compose(html -> signedInPage.apply(page, html))
            .onSuccess(kept -> SignedInThreadPages.send(ctx, page, kept)).onFailure(ctx::fail);
        return null;
      }
      pages.send(ctx, page, 200, "thread", model, heavy,
          anonymousPage == null || page.viewer().isPresent() ? null : html -> anonymousPage.accept(page.locale(), html));
      return null;
    })).onFailure(ctx::fail);
  }

  /**
   * A post's page: the post inside its thread, as Mastodon's status page shows it (its ancestors
   * above, each with only the next below it, the post marked, all its replies below), and how to
   * answer it from elsewhere. {@code focus} is that part of the tree ({@link ThreadTree#focusedOn});
   * {@code anonymousPage}, when not null, is handed the page rendered for a reader who is not
   * signed in, to keep.
   */
  public void post(RoutingContext ctx, Post post, DiscussionThread thread, ThreadTree focus, int postCount,
      java.util.function.BiConsumer<java.util.Locale, String> anonymousPage, PersonalBlockRepository.Hidden hidden) {
    pages.begin(ctx).onSuccess(page -> {
      Map<String, Object> model = pages.model(page);
      PostViews views = new PostViews(page, hidden, pages.mediaShown());
      PostView view = views.view(post, List.of());
      model.put("post", view);
      model.put("focus", views.tree(focus));
      model.put("thread", Map.of("id", thread.id(), "title", thread.title() == null ? "" : thread.title(), "url", thread.uri()));
      model.put("ogTitle", thread.title() == null ? view.authorName() : thread.title());
      model.put("ogDescription", PostViews.excerpt(view.content(), 200));
      model.put("ogUrl", post.uri());
      model.put("ogType", "article");
      pages.send(ctx, page, 200, "post", model, postCount > Pages.RENDER_INLINE_MAX_POSTS,
          anonymousPage == null || page.viewer().isPresent() ? null : html -> anonymousPage.accept(page.locale(), html));
    }).onFailure(ctx::fail);
  }

  /** 410 for a post, thread or account that was deleted. */
  public void gone(RoutingContext ctx, String textKey) {
    pages.begin(ctx).onSuccess(page -> pages.message(ctx, page, 410, "gone.title", textKey)).onFailure(ctx::fail);
  }
}
