package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.torg.server.convert.CollectionDocuments;
import org.torg.server.convert.PostDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.PersonalBlockRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.http.pages.Languages;
import org.torg.server.http.pages.PublicPages;
import org.torg.server.http.pages.PageRequest;
import org.torg.server.http.pages.SignedInThreadPages;
import org.torg.server.http.pages.ThreadPageCache;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.Post;
import org.torg.server.processing.accounts.PersonalBlocks;
import org.torg.server.processing.posts.ReplyPolicies;
import org.torg.server.model.ThreadTree;

/**
 * Every local post and thread resolvable at its id (INTEROP §4): a post is a Note for servers
 * and a page for browsers, with its direct-replies collection; a thread's id is its context
 * collection (every post, root first) for servers and its page for browsers. A deleted post
 * answers 410 with a Tombstone. No signature needed: these are public.
 */
public final class PostRoutes {

  private final PostRepository posts;
  private final ThreadRepository threads;
  private final ActorRepository actors;
  private final PostDocuments documents;
  private final ReplyPolicies policies;
  private final PublicPages pages;
  private final ThreadPageCache threadPages;
  private final SignedInThreadPages signedInPages;
  /** Post pages for readers who are not signed in: kept by the post's id, at its thread's version. */
  private final ThreadPageCache postPages;
  private final PersonalBlocks blocks;
  private final org.torg.server.processing.posts.LocalPosts localPosts;

  public PostRoutes(PostRepository posts, ThreadRepository threads, ActorRepository actors, PostDocuments documents,
      ReplyPolicies policies, PublicPages pages, ThreadPageCache threadPages, SignedInThreadPages signedInPages,
      ThreadPageCache postPages, PersonalBlocks blocks, org.torg.server.processing.posts.LocalPosts localPosts) {
    this.blocks = blocks;
    this.localPosts = localPosts;
    this.policies = policies;
    this.posts = posts;
    this.threads = threads;
    this.actors = actors;
    this.documents = documents;
    this.pages = pages;
    this.threadPages = threadPages;
    this.signedInPages = signedInPages;
    this.postPages = postPages;
  }

  public void mount(Router router) {
    router.get("/posts/:id").handler(this::post);
    router.get("/posts/:id/replies").handler(this::replies);
    router.get("/posts/:id/likes").handler(ctx -> reactions(ctx, "likes"));
    router.get("/posts/:id/shares").handler(ctx -> reactions(ctx, "shares"));
    router.get("/threads/:id").handler(this::thread);
  }

  private Future<Post> localPost(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    return posts.findById(id).map(found -> found.filter(Post::local)
        .orElseThrow(() -> new HttpError(404, "not_found", "No such post here.")));
  }

  private void post(RoutingContext ctx) {
    boolean json = ContentNegotiation.wantsActivityJson(ctx.request());
    localPost(ctx).compose(post -> {
      if (post.deleted()) {
        if (json) {
          ContentNegotiation.sendActivityJson(ctx.response(), 410, PostDocuments.tombstone(post));
        } else {
          pages.gone(ctx, "gone.post");
        }
        return Future.succeededFuture();
      }
      return threads.findById(post.threadId()).map(Optional::orElseThrow).compose(thread -> groupOf(thread)
          .compose(group -> {
            if (!json) {
              return postPage(ctx, post, thread);
            }
            return policies.effectiveFor(thread, group.orElse(null)).compose(policy -> posts.countReplies(post.id()).compose(count -> posts.replyUris(post.id(), CollectionDocuments.PAGE_SIZE, 0)
                .compose(first -> localPosts.asPublished(posts.pool(), post,
                    documents.note(post, thread, group.orElse(null), post.mentionedActors(), first, count, policy)))
                .map(doc -> {
                  ContentNegotiation.sendActivityJson(ctx.response(), 200, doc);
                  return null;
                })));
          }));
    }).onFailure(ctx::fail);
  }

  /**
   * The post inside its thread. A reader who is not signed in gets the page kept for this version
   * of the thread (a new reply anywhere in it makes a new one), rendered and kept when there is none.
   */
  private Future<Void> postPage(RoutingContext ctx, Post post, DiscussionThread thread) {
    boolean session = SessionCookies.read(ctx, SessionCookies.ACCESS).isPresent()
        || SessionCookies.read(ctx, SessionCookies.REFRESH).isPresent();
    Locale locale = Languages.choose(ctx);
    Future<PersonalBlockRepository.Hidden> hiddenFrom = !session ? Future.succeededFuture(PersonalBlockRepository.Hidden.NONE)
        : pages.begin(ctx).compose(page -> page.viewer().map(v -> blocks.hiddenFrom(v.account().actor()))
            .orElse(Future.succeededFuture(PersonalBlockRepository.Hidden.NONE)));
    return hiddenFrom.compose(hidden -> threads.version(thread.id()).compose(version -> {
      Optional<ThreadRepository.Version> keepable = version.filter(v -> !session);
      Optional<ThreadPageCache.Page> kept = keepable.flatMap(v -> postPages.get(post.id(), locale, v.version()));
      if (kept.isPresent()) {
        ThreadPageCache.send(ctx, locale, kept.get());
        return Future.succeededFuture();
      }
      return posts.ofThread(thread.id()).map(all -> {
        Optional<ThreadTree> focus = ThreadTree.of(all, thread.rootPostId().orElse(-1L)).flatMap(tree -> tree.focusedOn(post.id()));
        if (focus.isEmpty()) {
          // The thread's root is gone and the post hangs nowhere: it is shown on its own.
          focus = Optional.of(new ThreadTree(post, List.of()));
        }
        pages.post(ctx, post, thread, focus.get(), all.size(), keepable.map(v ->
            (BiConsumer<Locale, String>) (lang, html) -> postPages.put(post.id(), lang, v.version(), html)).orElse(null), hidden);
        return null;
      });
    }));
  }

  private void replies(RoutingContext ctx) {
    int page = PathIds.page(ctx);
    localPost(ctx).compose(post -> {
      if (post.deleted()) {
        return Future.failedFuture(new HttpError(410, "gone", "This post was deleted."));
      }
      String id = post.uri() + "/replies";
      return posts.countReplies(post.id()).compose(total -> page == 0
          ? posts.replyUris(post.id(), CollectionDocuments.PAGE_SIZE, 0)
              .map(first -> documents.repliesCollection(post.uri(), first, total)
                  .put("@context", org.torg.federation.vocab.ActivityStreams.NS))
          : posts.replyUris(post.id(), CollectionDocuments.PAGE_SIZE, CollectionDocuments.offset(page))
              .map(items -> CollectionDocuments.page(id, page, total, items)));
    }).onSuccess(doc -> ContentNegotiation.sendActivityJson(ctx.response(), 200, doc)).onFailure(ctx::fail);
  }

  /** Likes and shares as totals: who liked what is not published. */
  private void reactions(RoutingContext ctx, String which) {
    localPost(ctx).onSuccess(post -> ContentNegotiation.sendActivityJson(ctx.response(), post.deleted() ? 410 : 200,
        new JsonObject().put("@context", org.torg.federation.vocab.ActivityStreams.NS).put("id", post.uri() + "/" + which)
            .put("type", "Collection").put("totalItems", which.equals("likes") ? post.likes() : post.shares())))
        .onFailure(ctx::fail);
  }

  private void thread(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    boolean json = ContentNegotiation.wantsActivityJson(ctx.request());
    if (json) {
      thread(ctx, id, true, null, null);
      return;
    }
    if (SessionCookies.read(ctx, SessionCookies.ACCESS).isPresent() || SessionCookies.read(ctx, SessionCookies.REFRESH).isPresent()) {
      signedInThread(ctx, id);
      return;
    }
    // A reader who is not signed in: the page kept for this version of the thread, if there is one.
    Locale locale = Languages.choose(ctx);
    threads.version(id).onSuccess(version -> {
      Optional<ThreadPageCache.Page> kept = version.filter(ThreadRepository.Version::local)
          .flatMap(v -> threadPages.get(id, locale, v.version()));
      if (kept.isPresent()) {
        ThreadPageCache.send(ctx, locale, kept.get());
      } else {
        thread(ctx, id, false, version.map(v -> (BiConsumer<Locale, String>) (lang, html) -> threadPages.put(id, lang, v.version(), html))
            .orElse(null), null);
      }
    }).onFailure(ctx::fail);
  }

  /**
   * A reader with a session: the page kept for this version of the thread and this kind of
   * reader, with the reader's name spliced in; rendered (and kept) when there is none. A session
   * that no longer signs anyone in gets the page as rendered for them, kept nowhere.
   */
  private void signedInThread(RoutingContext ctx, long id) {
    pages.begin(ctx).onSuccess(page -> {
      if (page.viewer().isEmpty()) {
        thread(ctx, id, false, null, null);
        return;
      }
      // A reader who blocks or mutes someone gets a page of their own, with those posts hidden.
      blocks.hiddenFrom(page.viewer().get().account().actor()).compose(hidden -> {
        if (!hidden.isEmpty()) {
          thread(ctx, id, false, null, null, hidden);
          return Future.succeededFuture();
        }
        return threads.version(id).map(version -> {
          Optional<SignedInThreadPages.Page> kept = version.filter(ThreadRepository.Version::local)
              .flatMap(v -> signedInPages.get(id, page, v.version()));
          if (kept.isPresent()) {
            SignedInThreadPages.send(ctx, page, kept.get());
          } else {
            thread(ctx, id, false, null, version.filter(ThreadRepository.Version::local).map(v ->
                (BiFunction<PageRequest, String, Future<SignedInThreadPages.Page>>) (p, html) ->
                    signedInPages.keep(id, p, v.version(), html)).orElse(null));
          }
          return null;
        });
      }).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private void thread(RoutingContext ctx, long id, boolean json, BiConsumer<Locale, String> keep,
      BiFunction<PageRequest, String, Future<SignedInThreadPages.Page>> keepSignedIn) {
    thread(ctx, id, json, keep, keepSignedIn, PersonalBlockRepository.Hidden.NONE);
  }

  private void thread(RoutingContext ctx, long id, boolean json, BiConsumer<Locale, String> keep,
      BiFunction<PageRequest, String, Future<SignedInThreadPages.Page>> keepSignedIn, PersonalBlockRepository.Hidden hidden) {
    int page = PathIds.page(ctx);
    threads.findById(id).map(found -> found.filter(DiscussionThread::local)
            .orElseThrow(() -> new HttpError(404, "not_found", "No such thread here.")))
        .compose(thread -> groupOf(thread).compose(group -> {
          if (!json) {
            return posts.ofThread(thread.id()).map(all -> {
              Optional<ThreadTree> tree = ThreadTree.of(all, thread.rootPostId().orElse(-1L));
              if (tree.isEmpty()) {
                pages.gone(ctx, "gone.thread");
              } else {
                pages.thread(ctx, thread, group, tree.get(), all.size(), keep, keepSignedIn, hidden);
              }
              return null;
            });
          }
          return posts.countLive(thread.id()).compose(total -> page == 0
              ? posts.uris(thread.id(), CollectionDocuments.PAGE_SIZE, 0)
                  .map(first -> documents.context(thread, group.orElse(null), first, total))
              : posts.uris(thread.id(), CollectionDocuments.PAGE_SIZE, CollectionDocuments.offset(page))
                  .map(items -> CollectionDocuments.page(thread.uri(), page, total, items)))
              .map(doc -> {
                ContentNegotiation.sendActivityJson(ctx.response(), 200, doc);
                return null;
              });
        }))
        .onFailure(ctx::fail);
  }

  private Future<Optional<Actor>> groupOf(DiscussionThread thread) {
    return thread.groupId().isEmpty() ? Future.succeededFuture(Optional.empty()) : actors.findById(thread.groupId().get());
  }
}
