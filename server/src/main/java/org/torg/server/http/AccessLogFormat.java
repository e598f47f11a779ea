package org.torg.server.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.LoggerFormatter;

/** One access-log line per request: remote, method, path, status, bytes, time and request id. */
public final class AccessLogFormat implements LoggerFormatter {

  @Override
  public String format(RoutingContext ctx, long ms) {
    var request = ctx.request();
    String remote = request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
    return remote + " \"" + request.method() + " " + request.path() + "\" " + ctx.response().getStatusCode()
        + " " + ctx.response().bytesWritten() + "B " + ms + "ms id=" + RequestIdHandler.requestId(ctx);
  }
}
