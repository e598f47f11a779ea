package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.posts.ThreadBackfill;
import org.torg.server.processing.remote.Resolver;

/**
 * GET /api/v1/resolve?q=: what a pasted handle or URL stands for (API.md). Signed-in accounts
 * only, because it makes this server fetch from others. A post's thread is filled in from its
 * origin in the background, so that opening it shows the whole conversation.
 */
public final class ResolveRoutes {

  private static final int MAX_QUERY = 2048;

  private final Resolver resolver;
  private final ThreadRepository threads;
  private final ThreadBackfill backfill;

  public ResolveRoutes(Resolver resolver, ThreadRepository threads, ThreadBackfill backfill) {
    this.resolver = resolver;
    this.threads = threads;
    this.backfill = backfill;
  }

  public void mount(Router router) {
    router.get("/api/v1/resolve").handler(this::resolve);
  }

  private void resolve(RoutingContext ctx) {
    Permissions.signedIn(Authentication.principal(ctx));
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank()) {
      throw new HttpError(400, "bad_request", "q is a handle like @name@host or a URL.");
    }
    if (q.length() > MAX_QUERY) {
      throw new HttpError(400, "bad_request", "q is longer than any handle or URL.");
    }
    resolver.resolve(q).compose(found -> found.post().isPresent() ? postAnswer(found.post().get())
            : Future.succeededFuture(actorAnswer(found.actor().orElseThrow())))
        .onSuccess(body -> ApiResponses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> postAnswer(Post post) {
    backfill.soon(post.threadId());
    return threads.findById(post.threadId()).map(thread -> new JsonObject()
        .put("type", "post")
        .put("post", ApiDocuments.postOnly(post))
        .put("thread", thread.map(t -> new JsonObject()
            .put("id", Long.toString(t.id()))
            .put("title", t.title())
            .put("uri", t.uri())
            .put("local", t.local())).orElse(null)));
  }

  private static JsonObject actorAnswer(Actor actor) {
    return new JsonObject().put("type", "actor").put("actor", ApiDocuments.actor(actor));
  }
}
