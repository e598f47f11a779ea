package org.torg.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.torg.federation.signature.RsaKeys;

/**
 * Remote servers for the benchmark, on 127.0.0.1 ports: each serves the documents of its actors
 * (any name under /users/, all with the same keys) and counts the POSTs its inbox receives,
 * answering after a set delay or never.
 */
final class BenchPeer {

  final Vertx vertx;
  final List<HttpServer> servers = new ArrayList<>();
  final Map<Integer, AtomicInteger> postsByPort = new ConcurrentHashMap<>();
  final LongAdder posts = new LongAdder();
  /** When each POST arrived (System.nanoTime), for the fan-out's timeline. */
  final java.util.Queue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
  final KeyPair key = RsaKeys.generate();
  /** Proves the inbound activities (FEP-8b32), published as the actor's Multikey. */
  final KeyPair proofKey = org.torg.federation.proof.Ed25519Keys.generate();
  final Map<Integer, Boolean> silent = new ConcurrentHashMap<>();
  volatile long answerDelayMillis;

  BenchPeer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts {@code count} servers and returns their ports. */
  List<Integer> start(int count) {
    List<Future<HttpServer>> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpServer server = vertx.createHttpServer().requestHandler(request -> {
        int port = request.localAddress().port();
        if (request.method().name().equals("GET")) {
          String path = request.path();
          String name = path.startsWith("/users/") ? path.substring("/users/".length()) : "bench";
          request.response().putHeader("Content-Type", "application/activity+json").end(actor(port, name).encode());
          return;
        }
        request.body().onSuccess(body -> {
          posts.increment();
          arrivals.add(System.nanoTime());
          postsByPort.computeIfAbsent(port, p -> new AtomicInteger()).incrementAndGet();
          if (silent.containsKey(port)) {
            return; // never answers: the failure mode of mastodon/mastodon#12445
          }
          if (answerDelayMillis == 0) {
            request.response().setStatusCode(202).end();
          } else {
            vertx.setTimer(answerDelayMillis, t -> request.response().setStatusCode(202).end());
          }
        });
      });
      servers.add(server);
      started.add(server.listen(0, "127.0.0.1"));
    }
    Future.all(started).await();
    return servers.stream().map(HttpServer::actualPort).toList();
  }

  static String base(int port) {
    return "http://127.0.0.1:" + port;
  }

  static String actorUri(int port) {
    return actorUri(port, "bench");
  }

  /** Any name is an actor of this server; they all share its keys. */
  static String actorUri(int port, String name) {
    return base(port) + "/users/" + name;
  }

  JsonObject actor(int port, String name) {
    String id = actorUri(port, name);
    return new JsonObject()
        .put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", id).put("type", "Person").put("preferredUsername", name)
        .put("inbox", id + "/inbox").put("endpoints", new JsonObject().put("sharedInbox", base(port) + "/inbox"))
        .put("publicKey", new JsonObject().put("id", id + "#main-key").put("owner", id)
            .put("publicKeyPem", RsaKeys.publicKeyPem(key.getPublic())))
        .put("assertionMethod", new io.vertx.core.json.JsonArray().add(
            new org.torg.federation.proof.Multikey(id + "#ed25519-key", id, proofKey.getPublic()).toJson()));
  }

  void resetCounts() {
    posts.reset();
    arrivals.clear();
    postsByPort.clear();
  }
}
