package org.torg.server.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.db.DatabaseUnavailable;
import org.torg.server.error.HttpError;
import org.torg.server.http.pages.ErrorPages;

/**
 * The one place errors become responses: {"error": code, "message": text} with the right
 * status, never a stack trace. Unexpected causes are logged here, once, with the request id.
 */
public final class JsonErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);
  /** A restarting PostgreSQL is usually back within this; senders retry after it. */
  public static final long DATABASE_RETRY_AFTER_SECONDS = 30;

  private final ErrorPages pages;

  public JsonErrorHandler() {
    this(null);
  }

  /** {@code pages}: browsers asking for a page get the error as a page (null: JSON for everyone). */
  public JsonErrorHandler(ErrorPages pages) {
    this.pages = pages;
  }

  private static final Map<Integer, String> CODES = Map.ofEntries(
      Map.entry(400, "bad_request"),
      Map.entry(401, "unauthorized"),
      Map.entry(403, "forbidden"),
      Map.entry(404, "not_found"),
      Map.entry(405, "method_not_allowed"),
      Map.entry(406, "not_acceptable"),
      Map.entry(409, "conflict"),
      Map.entry(410, "gone"),
      Map.entry(413, "payload_too_large"),
      Map.entry(415, "unsupported_media_type"),
      Map.entry(422, "unprocessable"),
      Map.entry(429, "too_many_requests"),
      Map.entry(500, "internal_error"),
      Map.entry(503, "unavailable"));

  private static final Map<Integer, String> MESSAGES = Map.of(
      404, "No such resource.",
      405, "Method not allowed on this resource.",
      413, "Request body too large.",
      500, "Something went wrong on our side; the request id identifies it in the server log.");

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    String code;
    String message;
    if (failure instanceof HttpError error) {
      status = error.status();
      code = error.code();
      message = error.getMessage();
      error.retryAfterSeconds().ifPresent(s -> ctx.response().putHeader("Retry-After", Long.toString(s)));
    } else if (failure instanceof HttpException http && http.getStatusCode() < 500) {
      status = http.getStatusCode();
      code = CODES.getOrDefault(status, "error");
      message = http.getPayload() != null ? http.getPayload() : MESSAGES.getOrDefault(status, "Request refused.");
    } else if (failure != null && DatabaseUnavailable.is(failure)) {
      status = 503;
      code = "database_unavailable";
      message = "The database is unreachable for a moment; nothing was changed. Retry shortly.";
      ctx.response().putHeader("Retry-After", Long.toString(DATABASE_RETRY_AFTER_SECONDS));
      LOG.warn("request {} {} {}: database unavailable: {}", RequestIdHandler.requestId(ctx), ctx.request().method(),
          ctx.request().path(), failure.getMessage());
    } else if (failure == null && ctx.statusCode() > 0 && ctx.statusCode() < 500) {
      status = ctx.statusCode();
      code = CODES.getOrDefault(status, "error");
      message = MESSAGES.getOrDefault(status, "Request refused.");
    } else {
      status = failure == null && ctx.statusCode() >= 500 ? ctx.statusCode() : 500;
      code = CODES.getOrDefault(status, "internal_error");
      message = MESSAGES.getOrDefault(status, "Service unavailable.");
      LOG.error("request {} {} {} failed", RequestIdHandler.requestId(ctx), ctx.request().method(), ctx.request().path(), failure);
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (pages != null && ErrorPages.wantsPage(ctx) && pages.send(ctx, status)) {
      return;
    }
    if (pages != null) {
      // The same error is a page for a browser: the JSON form varies on Accept too.
      ctx.response().putHeader("Vary", "Accept");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
