package org.torg.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.convert.Markdown;
import org.torg.server.error.HttpError;
import org.torg.server.processing.accounts.Permissions;

/**
 * The editor's preview: Markdown rendered exactly as a post would be, by the same renderer, so
 * the browser needs no Markdown library of its own and shows no HTML the server would not.
 */
public final class PreviewRoutes {

  private final Markdown markdown;

  public PreviewRoutes(Markdown markdown) {
    this.markdown = markdown;
  }

  public void mount(Router router) {
    router.post("/api/v1/preview").handler(this::preview);
  }

  /** {content} → {html}; signed-in accounts only, as they are the ones who write. */
  private void preview(RoutingContext ctx) {
    Permissions.signedIn(Authentication.principal(ctx));
    String content = JsonBody.of(ctx).requiredString("content");
    // The same bound as a post's source (LocalPosts), with the same answer.
    if (content.length() > 20_000) {
      throw new HttpError(422, "invalid_content", "A post has 1 to 20000 characters.");
    }
    ApiResponses.json(ctx, 200, new JsonObject().put("html", markdown.render(content).html()));
  }
}
