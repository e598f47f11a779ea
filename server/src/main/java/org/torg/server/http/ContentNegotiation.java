package org.torg.server.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.torg.federation.vocab.ActivityStreams;

/**
 * One URL, two audiences: servers asking for application/activity+json or application/ld+json
 * get the ActivityPub document, browsers get HTML (INTEROP §2). Both answers vary on Accept.
 */
public final class ContentNegotiation {

  private ContentNegotiation() {}

  public static boolean wantsActivityJson(HttpServerRequest request) {
    String accept = request.getHeader("Accept");
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    return a.contains("application/activity+json") || a.contains("application/ld+json");
  }

  public static void sendActivityJson(HttpServerResponse response, int status, JsonObject document) {
    response.setStatusCode(status)
        .putHeader("Content-Type", ActivityStreams.CONTENT_TYPE)
        .putHeader("Vary", "Accept")
        .end(document.encode());
  }

  public static void sendHtml(HttpServerResponse response, int status, String html) {
    response.setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Vary", "Accept")
        .end(html);
  }
}
