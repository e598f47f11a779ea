package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.owasp.encoder.Encode;
import org.torg.server.convert.CollectionDocuments;
import org.torg.server.convert.PostDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.Post;
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
  private final org.torg.server.processing.posts.LocalPosts localPosts;

  public PostRoutes(PostRepository posts, ThreadRepository threads, ActorRepository actors, PostDocuments documents,
      ReplyPolicies policies, org.torg.server.processing.posts.LocalPosts localPosts) {
    this.localPosts = localPosts;
    this.policies = policies;
    this.posts = posts;
    this.threads = threads;
    this.actors = actors;
    this.documents = documents;
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
          ContentNegotiation.sendHtml(ctx.response(), 410, ActorRoutes.page("Deleted", "<p>This post was deleted.</p>"));
        }
        return Future.succeededFuture();
      }
      return threads.findById(post.threadId()).map(Optional::orElseThrow).compose(thread -> groupOf(thread)
          .compose(group -> {
            if (!json) {
              ContentNegotiation.sendHtml(ctx.response(), 200, postPage(post, thread));
              return Future.succeededFuture();
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
    int page = PathIds.page(ctx);
    boolean json = ContentNegotiation.wantsActivityJson(ctx.request());
    threads.findById(id).map(found -> found.filter(DiscussionThread::local)
            .orElseThrow(() -> new HttpError(404, "not_found", "No such thread here.")))
        .compose(thread -> groupOf(thread).compose(group -> {
          if (!json) {
            return posts.ofThread(thread.id()).map(all -> {
              Optional<ThreadTree> tree = ThreadTree.of(all, thread.rootPostId().orElse(-1L));
              if (tree.isEmpty()) {
                ContentNegotiation.sendHtml(ctx.response(), 410, ActorRoutes.page("Deleted", "<p>This thread was deleted.</p>"));
              } else {
                ContentNegotiation.sendHtml(ctx.response(), 200, threadPage(thread, tree.get()));
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

  private static String postPage(Post post, DiscussionThread thread) {
    String title = post.name() != null ? post.name() : "A post by " + post.author().handle();
    String body = (post.name() != null ? "<h1>" + Encode.forHtml(post.name()) + "</h1>\n" : "")
        + "<p>" + Encode.forHtml(post.author().displayName() != null ? post.author().displayName() : post.author().username())
        + " (" + Encode.forHtml(post.author().handle()) + ")</p>\n"
        // Content is safe HTML: rendered by Torg from Markdown, or sanitized on arrival.
        + "<article>" + post.content() + "</article>\n"
        + "<p><a href=\"" + Encode.forHtmlAttribute(thread.uri()) + "\">The whole thread</a></p>\n"
        + "<p>Reply from your own fediverse account: paste " + Encode.forHtml(post.uri()) + " into its search.</p>";
    return ActorRoutes.page(title, body);
  }

  private static String threadPage(DiscussionThread thread, ThreadTree tree) {
    StringBuilder body = new StringBuilder("<h1>").append(Encode.forHtml(thread.title() == null ? "" : thread.title())).append("</h1>\n");
    appendPost(body, tree);
    return ActorRoutes.page(thread.title() == null ? "Thread" : thread.title(), body.toString());
  }

  private static void appendPost(StringBuilder body, ThreadTree tree) {
    Post post = tree.post();
    body.append("<article id=\"post-").append(post.id()).append("\">\n");
    if (post.deleted()) {
      body.append("<p><em>Deleted</em></p>\n");
    } else {
      body.append("<p><a href=\"").append(Encode.forHtmlAttribute(post.pageUrl())).append("\">")
          .append(Encode.forHtml(post.author().handle())).append("</a></p>\n").append(post.content()).append('\n');
    }
    for (ThreadTree reply : tree.replies()) {
      appendPost(body, reply);
    }
    body.append("</article>\n");
  }
}
