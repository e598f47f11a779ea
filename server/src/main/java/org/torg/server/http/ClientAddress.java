package org.torg.server.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The client's IP address, for rate limits and the audit log. Behind a reverse proxy (config
 * http.behind_proxy) the router is told to trust X-Forwarded-For, and Vert.x reports the
 * forwarded address here; otherwise it is the TCP peer, which a client cannot forge.
 */
public final class ClientAddress {

  private ClientAddress() {}

  public static String of(RoutingContext ctx) {
    SocketAddress address = ctx.request().remoteAddress();
    if (address == null) {
      return "unknown";
    }
    return address.hostAddress() != null ? address.hostAddress() : address.host();
  }
}
