package org.torg.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureFormat;

/**
 * A minimal remote server on 127.0.0.1 for tests: it serves actor documents with their keys and
 * records what is POSTed to its inboxes. Its actors sign requests to Torg like Mastodon does.
 */
public final class FakePeer implements AutoCloseable {

  /** A POST received in one of the peer's inboxes. */
  public record Received(String path, Map<String, String> headers, JsonObject body, byte[] raw) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final String host;
  private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> extra = new ConcurrentHashMap<>();
  /** Other documents this peer serves, by path (posts, collections). */
  private final Map<String, JsonObject> documents = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> documentGets = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger gets = new AtomicInteger();
  private volatile int inboxStatus = 202;
  /** Whether WebFinger answers for this peer's actors (off: 404, as before tests asked for it). */
  private volatile boolean webFinger;
  private final AtomicInteger nodeInfoGets = new AtomicInteger();
  /** software.name and version this peer's NodeInfo gives; null: it has none (404), like a bare ActivityPub peer. */
  private volatile String[] software;

  private FakePeer(Vertx vertx, HttpServer server, String host) {
    this.vertx = vertx;
    this.server = server;
    this.host = host;
  }

  public static FakePeer start(Vertx vertx) {
    return start(vertx, "127.0.0.1");
  }

  /** A peer listening on another loopback address (tests that tell peers apart by address). */
  public static FakePeer start(Vertx vertx, String host) {
    FakePeer[] holder = new FakePeer[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      FakePeer peer = holder[0];
      if (request.method().name().equals("POST")) {
        request.body().onSuccess(body -> {
          Map<String, String> headers = new ConcurrentHashMap<>();
          request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
          peer.received.add(new Received(request.path(), headers, new JsonObject(body.toString(StandardCharsets.UTF_8)), body.getBytes()));
          request.response().setStatusCode(peer.inboxStatus).end();
        });
        return;
      }
      if (request.path().equals("/.well-known/nodeinfo") || request.path().startsWith("/nodeinfo/")) {
        peer.nodeInfoGets.incrementAndGet();
        peer.serveNodeInfo(request);
        return;
      }
      if (peer.webFinger && request.path().equals("/.well-known/webfinger")) {
        String resource = request.getParam("resource", "");
        String prefix = "acct:";
        String suffix = "@" + peer.authority();
        String name = resource.startsWith(prefix) && resource.endsWith(suffix)
            ? resource.substring(prefix.length(), resource.length() - suffix.length()) : "";
        if (!peer.keys.containsKey(name)) {
          request.response().setStatusCode(404).end();
          return;
        }
        request.response().putHeader("Content-Type", "application/jrd+json").end(new JsonObject().put("subject", resource)
            .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("type", "application/activity+json")
                .put("href", peer.actorUri(name)))).encode());
        return;
      }
      peer.gets.incrementAndGet();
      String pathAndQuery = request.query() == null ? request.path() : request.path() + "?" + request.query();
      JsonObject document = peer.documents.get(pathAndQuery);
      if (document != null) {
        peer.documentGets.computeIfAbsent(pathAndQuery, k -> new AtomicInteger()).incrementAndGet();
        request.response().putHeader("Content-Type", "application/activity+json").end(document.encode());
        return;
      }
      String name = request.path().startsWith("/users/") ? request.path().substring(7) : "";
      if (!peer.keys.containsKey(name)) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().putHeader("Content-Type", "application/activity+json").end(peer.actorDocument(name).encode());
    });
    server.listen(0, host).await();
    holder[0] = new FakePeer(vertx, server, host);
    return holder[0];
  }

  public String base() {
    return "http://" + host + ":" + server.actualPort();
  }

  public String authority() {
    return host + ":" + server.actualPort();
  }

  public String actorUri(String name) {
    return base() + "/users/" + name;
  }

  public String keyId(String name) {
    return actorUri(name) + "#main-key";
  }

  /** From now on, WebFinger ({@code acct:name@authority}) answers for this peer's actors, as Mastodon's does. */
  public void answerWebFinger() {
    webFinger = true;
  }

  /** Creates (or re-keys, to simulate rotation) an actor of this peer. */
  public void addActor(String name) {
    keys.put(name, RsaKeys.generate());
  }

  public java.security.PrivateKey privateKey(String name) {
    return keys.get(name).getPrivate();
  }

  /** Extra properties of an actor's document, e.g. a new display name. */
  public void setActorProperties(String name, JsonObject properties) {
    extra.put(name, properties);
  }

  public JsonObject actorDocument(String name) {
    String id = actorUri(name);
    JsonObject doc = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1"))
        .put("id", id).put("type", "Person").put("preferredUsername", name).put("name", name)
        .put("inbox", id + "/inbox").put("outbox", id + "/outbox").put("followers", id + "/followers")
        .put("endpoints", new JsonObject().put("sharedInbox", base() + "/inbox"))
        .put("publicKey", new JsonObject().put("id", keyId(name)).put("owner", id)
            .put("publicKeyPem", RsaKeys.publicKeyPem(keys.get(name).getPublic())));
    extra.getOrDefault(name, new JsonObject()).forEach(e -> doc.put(e.getKey(), e.getValue()));
    return doc;
  }

  public JsonObject activity(String type, String actorName, Object object) {
    return new JsonObject()
        .put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", base() + "/activities/" + UUID.randomUUID())
        .put("type", type).put("actor", actorUri(actorName)).put("object", object);
  }

  /** POSTs an activity to Torg's inbox, signed by {@code signerName}'s key. */
  public HttpResponse<Buffer> post(int torgPort, String torgAuthorityForSigning, String inboxPath, JsonObject activity,
      String signerName, SignatureFormat format) {
    return post("127.0.0.1", torgPort, torgAuthorityForSigning, inboxPath, activity, signerName, format);
  }

  /** The same, to a Torg listening on {@code torgHost}. */
  public HttpResponse<Buffer> post(String torgHost, int torgPort, String torgAuthorityForSigning, String inboxPath,
      JsonObject activity, String signerName, SignatureFormat format) {
    byte[] body = activity.encode().getBytes(StandardCharsets.UTF_8);
    URI uri = URI.create("http://" + torgAuthorityForSigning + inboxPath);
    Map<String, String> headers = HttpSigner.sign(format, "POST", uri, Map.of("Content-Type", "application/activity+json"),
        body, keyId(signerName), keys.get(signerName).getPrivate(), Instant.now());
    var request = WebClient.create(vertx).post(torgPort, torgHost, inboxPath);
    headers.forEach(request::putHeader);
    return request.sendBuffer(Buffer.buffer(body)).await();
  }

  /**
   * Serves {@code document} as activity+json at its {@code id}'s path (and query), or at
   * {@code path} when given: a post, a collection or a page of one.
   */
  public void serve(JsonObject document) {
    URI id = URI.create(document.getString("id"));
    serveAt(id.getRawQuery() == null ? id.getRawPath() : id.getRawPath() + "?" + id.getRawQuery(), document);
  }

  /** Serves {@code document} at a path that need not be its id (a post's page URL, say). */
  public void serveAt(String pathAndQuery, JsonObject document) {
    documents.put(pathAndQuery, document);
  }

  /** Stops serving what was at that path: the next GET gets 404. */
  public void unserve(String pathAndQuery) {
    documents.remove(pathAndQuery);
  }

  /** How many GETs a served document at this path got. */
  public int getsOf(String pathAndQuery) {
    AtomicInteger n = documentGets.get(pathAndQuery);
    return n == null ? 0 : n.get();
  }

  public List<Received> received() {
    return received;
  }

  public int gets() {
    return gets.get();
  }

  /** From now on, serves NodeInfo 2.0 and 2.1 naming this software, as Lemmy or Mastodon do. */
  public void setSoftware(String name, String version) {
    software = new String[] {name, version};
  }

  /** From now on, answers 404 to NodeInfo requests, as a peer that is gone or never had it. */
  public void removeSoftware() {
    software = null;
  }

  /** GETs of /.well-known/nodeinfo and /nodeinfo/*. */
  public int nodeInfoGets() {
    return nodeInfoGets.get();
  }

  private void serveNodeInfo(io.vertx.core.http.HttpServerRequest request) {
    String[] served = software;
    if (served == null) {
      request.response().setStatusCode(404).end();
      return;
    }
    String schema = "http://nodeinfo.diaspora.software/ns/schema/";
    if (request.path().equals("/.well-known/nodeinfo")) {
      request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("links", new JsonArray()
          .add(new JsonObject().put("rel", schema + "2.0").put("href", base() + "/nodeinfo/2.0"))
          .add(new JsonObject().put("rel", schema + "2.1").put("href", base() + "/nodeinfo/2.1"))).encode());
      return;
    }
    String version = request.path().substring("/nodeinfo/".length());
    request.response().putHeader("Content-Type", "application/json; profile=\"" + schema + version + "#\"")
        .end(new JsonObject().put("version", version)
            .put("software", new JsonObject().put("name", served[0]).put("version", served[1]))
            .put("protocols", new JsonArray().add("activitypub"))
            .put("usage", new JsonObject().put("users", new JsonObject().put("total", keys.size())))
            .put("openRegistrations", false).encode());
  }

  public void setInboxStatus(int status) {
    inboxStatus = status;
  }

  @Override
  public void close() {
    server.close().await();
  }
}
