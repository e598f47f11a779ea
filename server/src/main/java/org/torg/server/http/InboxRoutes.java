package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.federation.signature.IncomingRequest;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.ActorRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.processing.inbound.InboxReceiver;
import org.torg.server.processing.inbound.InboxResult;

/**
 * The shared inbox and every local actor's inbox. Size is capped by the body handler (413);
 * here: content type (415), then the receiver's verdict as 202, 400, 401, 422 or 429 with a JSON reason.
 */
public final class InboxRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(InboxRoutes.class);

  private final InboxReceiver receiver;
  private final ActorRepository actors;
  private final LocalUris uris;
  private final String scheme;

  public InboxRoutes(InboxReceiver receiver, ActorRepository actors, LocalUris uris, String scheme) {
    this.receiver = receiver;
    this.actors = actors;
    this.uris = uris;
    this.scheme = scheme;
  }

  public void mount(Router router) {
    router.post(LocalUris.SHARED_INBOX_PATH).handler(ctx -> receive(ctx, Future.succeededFuture(null)));
    router.post(LocalUris.INSTANCE_ACTOR_PATH + "/inbox").handler(ctx -> receive(ctx, owner(uris.instanceActor())));
    router.post("/users/:name/inbox").handler(ctx -> receive(ctx, owner(uris.actor(ActorType.Person, ctx.pathParam("name")))));
    router.post("/groups/:name/inbox").handler(ctx -> receive(ctx, owner(uris.actor(ActorType.Group, ctx.pathParam("name")))));
  }

  private Future<Long> owner(String actorUri) {
    return actors.findByUri(actorUri).map(found -> found.filter(Actor::local).filter(Actor::served).filter(a -> !a.deleted()).map(Actor::id)
        .orElseThrow(() -> new HttpError(404, "not_found", "No such inbox.")));
  }

  private void receive(RoutingContext ctx, Future<Long> owner) {
    String contentType = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("application/activity+json") && !contentType.startsWith("application/ld+json")) {
      ctx.fail(new HttpError(415, "unsupported_media_type", "An inbox takes application/activity+json."));
      return;
    }
    owner.compose(inboxOwner -> receiver.receive(incoming(ctx), inboxOwner))
        .onSuccess(outcome -> {
          if (outcome.internal() != null) {
            // Logged here with the request id; the sender gets the reason and detail only.
            LOG.info("inbox {} refused ({}): {}", RequestIdHandler.requestId(ctx), outcome.reason(), outcome.internal());
          }
          JsonObject body = outcome.result().status() < 300
              ? new JsonObject().put("status", outcome.result().name().toLowerCase(Locale.ROOT))
              : new JsonObject().put("error", outcome.reason()).put("message", outcome.detail());
          if (outcome.result() == InboxResult.RATE_LIMITED) {
            // The limits count per minute: a minute later the sender has a fresh allowance.
            ctx.response().putHeader("Retry-After", "60");
          } else if (outcome.result() == InboxResult.UNAVAILABLE) {
            ctx.response().putHeader("Retry-After", Long.toString(JsonErrorHandler.DATABASE_RETRY_AFTER_SECONDS));
          }
          ctx.response().setStatusCode(outcome.result().status())
              .putHeader("Content-Type", "application/json; charset=utf-8")
              .end(body.encode());
        })
        .onFailure(ctx::fail);
  }

  /** The request as received: raw target, Host as sent, raw header values, raw body bytes. */
  private IncomingRequest incoming(RoutingContext ctx) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ctx.request().headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue()));
    String host = ctx.request().getHeader("Host");
    return new IncomingRequest(ctx.request().method().name(), ctx.request().uri(), host == null ? "" : host, scheme,
        headers, ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
  }
}
