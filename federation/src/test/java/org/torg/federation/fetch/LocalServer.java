package org.torg.federation.fetch;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP(S) server on a loopback address and a free port, which remembers what it saw:
 * connections, requests and their headers, the TLS server name, connections closed.
 */
final class LocalServer implements AutoCloseable {

  /** One request as received. */
  record Seen(String path, MultiMap headers, String serverName) {}

  private final HttpServer server;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger closedConnections = new AtomicInteger();
  final List<Seen> requests = new CopyOnWriteArrayList<>();

  private LocalServer(HttpServer server) {
    this.server = server;
  }

  static LocalServer start(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
    return start(vertx, new HttpServerOptions(), "127.0.0.1", handler);
  }

  static LocalServer start(Vertx vertx, HttpServerOptions options, String address,
      Handler<HttpServerRequest> handler) throws Exception {
    HttpServer server = vertx.createHttpServer(options);
    LocalServer local = new LocalServer(server);
    server.connectionHandler(connection -> {
      local.connections.incrementAndGet();
      connection.closeHandler(closed -> local.closedConnections.incrementAndGet());
    });
    server.requestHandler(request -> {
      local.requests.add(new Seen(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          request.isSSL() ? request.connection().indicatedServerName() : null));
      handler.handle(request);
    });
    server.listen(0, address).await(5, TimeUnit.SECONDS);
    return local;
  }

  int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:port} + path. */
  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  Seen lastRequest() {
    return requests.get(requests.size() - 1);
  }

  @Override
  public void close() throws Exception {
    server.close().await(5, TimeUnit.SECONDS);
  }
}
