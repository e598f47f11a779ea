package org.torg.server.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One HTTP server on the configured address; on undeploy it stops accepting and drains requests in flight. */
final class HttpVerticle extends VerticleBase {

  private final Supplier<Router> routes;
  private final String host;
  private final int port;
  private final Duration shutdownGrace;
  private HttpServer server;

  HttpVerticle(Supplier<Router> routes, String host, int port, Duration shutdownGrace) {
    this.routes = routes;
    this.host = host;
    this.port = port;
    this.shutdownGrace = shutdownGrace;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setCompressionSupported(true)
        .setMaxHeaderSize(16 * 1024));
    return server.requestHandler(routes.get()).listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }
}
