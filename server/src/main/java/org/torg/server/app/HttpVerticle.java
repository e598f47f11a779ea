package org.torg.server.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.config.TorgConfig;
import org.torg.server.http.ConnectionsPerAddress;
import org.torg.server.http.HeaderDeadlines;

/**
 * One HTTP server on the configured address; on undeploy it stops accepting and drains requests
 * in flight. Hostile clients are bounded here, below the router: idle connections time out,
 * request heads must arrive in time ({@link HeaderDeadlines}) and within size limits, and one
 * client address holds at most so many connections ({@link ConnectionsPerAddress}, shared by
 * every instance of this verticle).
 */
final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final Supplier<Router> routes;
  private final TorgConfig.Http config;
  private final int port;
  private final ConnectionsPerAddress perAddress;
  private final Counter refused;
  private final Counter lateHeads;
  private HttpServer server;
  private long sweep;

  /**
   * @param port the port to bind, which may differ from {@code config.port()} (0 is resolved first)
   * @param perAddress null: no limit per address (behind a proxy every client shares its address)
   * @param metrics where the connections closed by these limits are counted
   */
  HttpVerticle(Supplier<Router> routes, TorgConfig.Http config, int port, ConnectionsPerAddress perAddress,
      MeterRegistry metrics) {
    this.routes = routes;
    this.config = config;
    this.port = port;
    this.perAddress = perAddress;
    this.refused = closedCounter(metrics, "per_address_limit");
    this.lateHeads = closedCounter(metrics, "header_timeout");
  }

  private static Counter closedCounter(MeterRegistry metrics, String reason) {
    return Counter.builder("torg.http.connections.closed")
        .description("Client connections Torg closed unanswered: one address over its limit, or a request head too late")
        .tag("reason", reason).register(metrics);
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setCompressionSupported(true)
        // No cleartext HTTP/2 (h2c): peers and proxies speak HTTP/1.1 to Torg, and with h2c on, a
        // connection is not even handed over before its first bytes, so one that sends nothing
        // would be out of the header timeout's reach.
        .setHttp2ClearTextEnabled(false)
        .setMaxHeaderSize(config.maxHeaderSize())
        .setMaxInitialLineLength(config.maxInitialLineLength())
        .setIdleTimeout((int) config.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    HeaderDeadlines deadlines = new HeaderDeadlines(config.headerTimeout(), config.idleTimeout(), lateHeads::increment);
    sweep = deadlines.start(vertx);
    server.connectionHandler(connection -> {
      String address = addressOf(connection);
      if (perAddress != null && !perAddress.tryAdmit(address)) {
        LOG.debug("refused a connection from {}: it holds {} already", address, perAddress.openFrom(address));
        refused.increment();
        connection.close();
        return;
      }
      deadlines.opened(connection);
      connection.closeHandler(v -> {
        deadlines.closed(connection);
        if (perAddress != null) {
          perAddress.release(address);
        }
      });
    });
    Router router = routes.get();
    return server.requestHandler(request -> {
      if (deadlines.requestArrived(request)) {
        router.handle(request);
      } else {
        request.connection().close();
      }
    }).listen(port, config.host());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweep);
    return server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }

  /** The TCP peer's address: at connection time no forwarded header has been read yet. */
  private static String addressOf(HttpConnection connection) {
    SocketAddress remote = connection.remoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
  }
}
