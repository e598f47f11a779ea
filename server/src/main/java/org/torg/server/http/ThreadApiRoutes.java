package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Post;
import org.torg.server.model.Principal;
import org.torg.server.processing.Groups;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.media.MediaSweeper;
import org.torg.server.processing.media.MediaUploads;
import org.torg.server.processing.posts.LocalPosts;
import org.torg.server.processing.posts.Stances;
import org.torg.server.processing.posts.ThreadBackfill;
import org.torg.server.processing.posts.ThreadReads;

/** Threads and posts in the API (API.md, "Groups, threads, posts"): read by anyone, written by signed-in accounts. */
public final class ThreadApiRoutes {

  private static final int PAGE = 20;

  private final Groups groups;
  private final ThreadRepository threads;
  private final PostRepository posts;
  private final LocalPosts localPosts;
  private final ThreadReads reads;
  private final ThreadBackfill backfill;

  private final MediaUploads uploads;
  private final MediaSweeper sweeper;

  public ThreadApiRoutes(Groups groups, ThreadRepository threads, PostRepository posts, LocalPosts localPosts,
      ThreadReads reads, ThreadBackfill backfill, MediaUploads uploads, MediaSweeper sweeper) {
    this.uploads = uploads;
    this.sweeper = sweeper;
    this.groups = groups;
    this.threads = threads;
    this.posts = posts;
    this.localPosts = localPosts;
    this.reads = reads;
    this.backfill = backfill;
  }

  public void mount(Router router) {
    router.get("/api/v1/groups/:name/threads").handler(this::list);
    router.post("/api/v1/groups/:name/threads").handler(this::open);
    router.get("/api/v1/threads/:id").handler(this::read);
    router.get("/api/v1/posts/:id").handler(this::readPost);
    router.post("/api/v1/posts/:id/replies").handler(this::reply);
    router.patch("/api/v1/posts/:id").handler(this::edit);
    router.delete("/api/v1/posts/:id").handler(this::delete);
    router.post("/api/v1/posts/:id/like").handler(ctx -> like(ctx, true));
    router.delete("/api/v1/posts/:id/like").handler(ctx -> like(ctx, false));
  }

  /** ?cursor=<next of the previous page>: latest activity first. */
  private void list(RoutingContext ctx) {
    ThreadCursor cursor = ThreadCursor.parse(ctx.request().getParam("cursor"));
    groups.find(ctx.pathParam("name")).compose(group -> threads.ofGroup(group.actor().id(), cursor.activity(), cursor.id(), PAGE)
        .map(page -> {
          JsonArray items = new JsonArray();
          page.forEach(s -> items.add(ApiDocuments.threadSummary(s, group.name())));
          String next = page.size() < PAGE ? null : ThreadCursor.of(page.get(page.size() - 1).thread());
          return new JsonObject().put("items", items).put("next", next);
        }))
        .onSuccess(body -> ApiResponses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  /** {title, content (Markdown), media_ids?}: members of the Group, its moderators, instance moderators. */
  private void open(RoutingContext ctx) {
    Principal author = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    String title = body.requiredString("title");
    String content = body.requiredString("content");
    List<Long> media = MediaIds.of(body);
    LocalPosts.ThreadExtras attach = new LocalPosts.ThreadExtras() {
      @Override
      public Future<Void> alongside(SqlConnection tx, long threadId, long rootPostId) {
        return uploads.attach(tx, rootPostId, author.account().actor().id(), media);
      }
    };
    groups.find(ctx.pathParam("name"))
        .compose(group -> localPosts.openThread(author, group, title, content, attach))
        .compose(root -> reads.read(root.threadId()))
        .onSuccess(thread -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Cache-Control", "no-store").end(thread.json()))
        .onFailure(ctx::fail);
  }

  /**
   * The same for everyone, so it may be cached, revalidated by its ETag (the thread's version).
   * Opening a thread from another server also fills it in from its origin, in the background.
   */
  private void read(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    reads.read(id).onSuccess(thread -> {
      if (!thread.local()) {
        backfill.soon(id);
      }
      ctx.response().putHeader("ETag", thread.etag()).putHeader("Cache-Control", "no-cache");
      if (thread.etag().equals(ctx.request().getHeader("If-None-Match"))) {
        ctx.response().setStatusCode(304).end();
        return;
      }
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8");
      AcceptEncoding.end(ctx.request(), ctx.response(), thread.json(), thread.gzipped());
    }).onFailure(ctx::fail);
  }

  private void readPost(RoutingContext ctx) {
    post(ctx).onSuccess(post -> ApiResponses.json(ctx, 200, ApiDocuments.postOnly(post))).onFailure(ctx::fail);
  }

  /**
   * {content (Markdown), stance?, media_ids?}: where the thread's reply policy allows. A stance
   * (for, against, amendment) is sent as the text's leading hashtag.
   */
  private void reply(RoutingContext ctx) {
    Principal author = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    String content = body.requiredString("content");
    String stance = body.string("stance").map(wire -> Stances.parse(wire).orElseThrow(() -> new HttpError(422, "invalid_stance",
        "stance is for, against or amendment."))).orElse(null);
    List<Long> media = MediaIds.of(body);
    LocalPosts.ReplyExtras attach = new LocalPosts.ReplyExtras(List.of(),
        (tx, postId) -> uploads.attach(tx, postId, author.account().actor().id(), media));
    post(ctx).compose(parent -> localPosts.reply(author, parent, content, stance, attach))
        .onSuccess(post -> {
          backfill.soon(post.threadId()); // replying to a thread from elsewhere: fill it in
          ApiResponses.json(ctx, 201, ApiDocuments.postOnly(post));
        })
        .onFailure(ctx::fail);
  }

  /** {content, title?}: the author only; the earlier text is kept in the post's history. */
  private void edit(RoutingContext ctx) {
    Principal editor = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    String content = body.requiredString("content");
    Optional<String> title = body.string("title");
    post(ctx).compose(post -> localPosts.edit(editor, post, content, title.orElse(null)))
        .onSuccess(post -> ApiResponses.json(ctx, 200, ApiDocuments.postOnly(post)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    Principal by = Permissions.signedIn(Authentication.principal(ctx));
    // The files go with the post (the media sweep catches any this misses).
    post(ctx).compose(post -> localPosts.delete(by, post).compose(v -> sweeper.ofDeletedPost(post.id())))
        .onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }

  private void like(RoutingContext ctx, boolean like) {
    Principal by = Permissions.signedIn(Authentication.principal(ctx));
    post(ctx).compose(post -> {
      if (post.deleted()) {
        return Future.failedFuture(new HttpError(410, "gone", "That post was deleted."));
      }
      return like ? localPosts.like(by, post) : localPosts.unlike(by, post);
    }).onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }

  private Future<Post> post(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    return posts.findById(id).map(found -> found.orElseThrow(() -> new HttpError(404, "not_found", "No such post.")));
  }
}
