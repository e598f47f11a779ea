package org.torg.federation.delivery;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.torg.federation.signature.IncomingRequest;

/**
 * A real HTTP(S) inbox on a loopback address and a free port, which remembers every connection
 * and every request as it arrived (headers and body as on the wire), and answers as the test
 * says.
 */
final class InboxServer implements AutoCloseable {

  /** One request as received. */
  record Received(String method, String uri, MultiMap headers, byte[] body, String serverName, Instant at) {

    /** The request as a verifier sees it; {@code scheme} is the inbox's public scheme. */
    IncomingRequest asIncoming(String scheme) {
      Map<String, List<String>> all = new LinkedHashMap<>();
      for (String name : headers.names()) {
        all.put(name, headers.getAll(name));
      }
      return new IncomingRequest(method, uri, headers.get("Host"), scheme, all, body);
    }

    boolean signedWithRfc9421() {
      return headers.contains("Signature-Input");
    }
  }

  /** How the inbox answers; {@code index} counts requests from 0. */
  @FunctionalInterface
  interface Responder {
    void respond(Received received, int index, HttpServerResponse response);
  }

  private final HttpServer server;
  final AtomicInteger connections = new AtomicInteger();
  final List<Received> requests = new CopyOnWriteArrayList<>();

  private InboxServer(HttpServer server) {
    this.server = server;
  }

  static InboxServer start(Vertx vertx, Responder responder) throws Exception {
    return start(vertx, new HttpServerOptions(), responder);
  }

  static InboxServer start(Vertx vertx, HttpServerOptions options, Responder responder) throws Exception {
    HttpServer server = vertx.createHttpServer(options);
    InboxServer inbox = new InboxServer(server);
    AtomicInteger index = new AtomicInteger();
    server.connectionHandler(connection -> inbox.connections.incrementAndGet());
    server.requestHandler(request -> request.body().onSuccess(body -> {
      Received received = new Received(request.method().name(), request.uri(),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.getBytes(),
          request.isSSL() ? request.connection().indicatedServerName() : null, Instant.now());
      inbox.requests.add(received);
      responder.respond(received, index.getAndIncrement(), request.response());
    }));
    server.listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
    return inbox;
  }

  int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:port/inbox}. */
  URI inbox() {
    return URI.create("http://127.0.0.1:" + port() + "/inbox");
  }

  @Override
  public void close() throws Exception {
    server.close().await(5, TimeUnit.SECONDS);
  }
}
