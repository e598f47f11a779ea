package org.torg.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.torg.server.convert.InstanceActorDocument;

/** Serves the instance actor document, unsigned GETs welcome. */
public final class InstanceActorRoutes {

  private final String body;

  public InstanceActorRoutes(JsonObject document) {
    this.body = document.encode();
  }

  public void mount(Router router) {
    router.get(InstanceActorDocument.PATH).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/activity+json")
        .putHeader("Vary", "Accept")
        .end(body));
  }
}
