package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.torg.server.db.ActorProfileRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.MediaRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.MediaAttachment;
import org.torg.server.processing.media.RemoteMedia;

/**
 * A remote actor's avatar and header through Torg's media cache (README "Profile and settings"):
 * GET /media/actors/{id}/icon and /media/actors/{id}/header fetch the image once through the
 * SSRF-guarded fetcher, keep it on the media storage and serve it from there, as remote
 * attachments are, so readers' browsers never load the other server. A local actor's images are
 * Torg's own files already (/media/{key}): these answer 404 for them.
 */
public final class RemoteProfileImageRoutes {

  private final ActorRepository actors;
  private final ActorProfileRepository profiles;
  private final MediaRepository media;
  private final RemoteMedia remote;

  public RemoteProfileImageRoutes(ActorRepository actors, ActorProfileRepository profiles, MediaRepository media,
      RemoteMedia remote) {
    this.actors = actors;
    this.profiles = profiles;
    this.media = media;
    this.remote = remote;
  }

  public void mount(Router router) {
    router.get("/media/actors/:id/icon").handler(ctx -> serve(ctx, true));
    router.get("/media/actors/:id/header").handler(ctx -> serve(ctx, false));
  }

  private void serve(RoutingContext ctx, boolean icon) {
    long id = PathIds.of(ctx, "id");
    actors.findById(id).compose(found -> {
      Actor actor = found.filter(a -> !a.local() && !a.deleted())
          .orElseThrow(() -> new HttpError(404, "not_found", "No such remote actor."));
      Future<String> url = icon ? Future.succeededFuture(actor.iconUrl()) : profiles.find(actor.id()).map(p -> p.headerUrl());
      return url.compose(u -> u == null ? Future.<Optional<MediaAttachment>>succeededFuture(Optional.empty())
          : media.remoteProfileImage(actor.id(), u));
    }).compose(row -> remote.serveProfileImage(row.orElseThrow(() -> new HttpError(404, "not_found", "No such image."))))
        .onSuccess(served -> ctx.response().putHeader("Content-Type", served.format().mediaType())
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
            .putHeader("Cache-Control", "public, max-age=86400").setStatusCode(200).end(served.bytes()))
        .onFailure(ctx::fail);
  }
}
