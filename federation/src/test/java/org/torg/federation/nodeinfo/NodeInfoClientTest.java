package org.torg.federation.nodeinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.federation.fetch.DocumentFetcher;
import org.torg.federation.fetch.FetchException;
import org.torg.federation.fetch.FetchOptions;
import org.torg.federation.fetch.RequestSigner;

/**
 * The NodeInfo client against real HTTP servers on 127.0.0.1, with private addresses allowed as
 * in a test federation (plain http, loopback), except where the refusal is the point.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NodeInfoClientTest {

  private static final String USER_AGENT = "Torg/test (+https://torg.example)";
  private static final String SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/";
  private static final String SIGNED_HEADER = "X-Test-Signed";

  /** Signs nothing real, but marks every request it is asked to sign. */
  private static final RequestSigner MARKING_SIGNER = (method, uri, headers) -> {
    headers.put(SIGNED_HEADER, "yes");
    return headers;
  };

  private Vertx vertx;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  @Test
  void readsTheHighestSchemaLinkedUnsigned() throws Exception {
    Peer peer = peer(request -> {
      switch (request.path()) {
        case "/.well-known/nodeinfo" -> json(request, "application/json", new JsonObject().put("links", new JsonArray()
            .add(link(SCHEMA + "2.0", base(request) + "/nodeinfo/2.0"))
            .add(link(SCHEMA + "2.1", base(request) + "/nodeinfo/2.1"))
            .add(link("https://www.w3.org/ns/activitystreams#Application", base(request) + "/actor"))));
        case "/nodeinfo/2.1" -> json(request, "application/json; profile=\"" + SCHEMA + "2.1#\"",
            document("2.1", "lemmy", "0.19.5").put("protocols", new JsonArray().add("activitypub")));
        default -> json(request, "application/json", document("2.0", "wrong-version", "0"));
      }
    });

    NodeInfo info = client(FetchOptions.defaults(true, USER_AGENT)).fetch(peer.server()).await(10, TimeUnit.SECONDS);

    assertEquals(new NodeInfo("lemmy", Optional.of("0.19.5"), List.of("activitypub")), info);
    assertEquals(List.of("/.well-known/nodeinfo", "/nodeinfo/2.1"), peer.paths());
    for (Map<String, String> headers : peer.headers) {
      assertNull(headers.get(SIGNED_HEADER.toLowerCase()), "metadata GETs are never signed");
      assertEquals("application/json, application/jrd+json", headers.get("accept"));
      assertEquals(USER_AGENT, headers.get("user-agent"));
    }
  }

  @Test
  void prefersTwoPointXOverOtherVersions() throws Exception {
    Peer peer = peer(request -> {
      switch (request.path()) {
        case "/.well-known/nodeinfo" -> json(request, "application/jrd+json", new JsonObject().put("links", new JsonArray()
            .add(link(SCHEMA + "3.0", "/nodeinfo/3.0"))
            .add(link(SCHEMA + "1.1", "/nodeinfo/1.1"))
            .add(link(SCHEMA + "2.0", "/nodeinfo/2.0"))));
        case "/nodeinfo/2.0" -> json(request, "application/json", document("2.0", "pleroma", "2.7.0"));
        default -> json(request, "application/json", document("x", "wrong-version", "0"));
      }
    });

    NodeInfo info = client(FetchOptions.defaults(true, USER_AGENT)).fetch(peer.server()).await(10, TimeUnit.SECONDS);

    assertEquals("pleroma", info.softwareName());
    assertEquals(List.of("/.well-known/nodeinfo", "/nodeinfo/2.0"), peer.paths());
  }

  @Test
  void toleratesSchemaOneWithARelativeHrefAndOldProtocols() throws Exception {
    Peer peer = peer(request -> {
      if (request.path().equals("/.well-known/nodeinfo")) {
        json(request, "application/json", new JsonObject().put("links", new JsonArray()
            .add(link("https://nodeinfo.diaspora.software/ns/schema/1.0#", "/statistics/1.0.json"))));
      } else if (request.path().equals("/statistics/1.0.json")) {
        json(request, "application/json", document("1.0", " Friendica ", "2019.03")
            .put("protocols", new JsonObject().put("inbound", new JsonArray().add("ActivityPub").add("diaspora"))
                .put("outbound", new JsonArray().add("activitypub").add("ostatus"))));
      } else {
        request.response().setStatusCode(404).end();
      }
    });

    NodeInfo info = client(FetchOptions.defaults(true, USER_AGENT)).fetch(peer.server()).await(10, TimeUnit.SECONDS);

    assertEquals(new NodeInfo("friendica", Optional.of("2019.03"), List.of("activitypub", "diaspora", "ostatus")), info);
  }

  @Test
  void reportsMissingNodeInfoAsItsStatus() throws Exception {
    Peer peer = peer(request -> request.response().setStatusCode(404).end());

    FetchException failure = fetchException(client(FetchOptions.defaults(true, USER_AGENT)), peer.server());

    assertEquals(FetchException.Reason.HTTP_STATUS, failure.reason());
    assertEquals(404, failure.status());
  }

  @Test
  void refusesBadJson() throws Exception {
    Peer peer = peer(request -> request.response().putHeader("Content-Type", "application/json").end("{\"links\": [{"));

    assertEquals(FetchException.Reason.NOT_JSON,
        fetchException(client(FetchOptions.defaults(true, USER_AGENT)), peer.server()).reason());
  }

  @Test
  void refusesHtml() throws Exception {
    Peer peer = peer(request -> request.response().putHeader("Content-Type", "text/html").end("<html></html>"));

    assertEquals(FetchException.Reason.WRONG_CONTENT_TYPE,
        fetchException(client(FetchOptions.defaults(true, USER_AGENT)), peer.server()).reason());
  }

  @Test
  void reportsAJrdWithoutNodeInfoLinks() throws Exception {
    for (JsonObject jrd : List.of(new JsonObject(), new JsonObject().put("links", new JsonArray()),
        new JsonObject().put("links", "not an array"),
        new JsonObject().put("links", new JsonArray().add(link("self", "/actor")).add(new JsonObject().put("rel", SCHEMA + "2.0"))))) {
      Peer peer = peer(request -> json(request, "application/json", jrd));

      NodeInfoException failure = nodeInfoException(client(FetchOptions.defaults(true, USER_AGENT)), peer.server());

      assertEquals(NodeInfoException.Reason.NO_NODEINFO_LINK, failure.reason(), jrd.encode());
      assertEquals(1, peer.paths().size());
    }
  }

  @Test
  void refusesALinkToAnotherHostWithoutFetchingIt() throws Exception {
    Peer elsewhere = peer(request -> json(request, "application/json", document("2.0", "lemmy", "1")));
    Peer peer = peer(request -> json(request, "application/json", new JsonObject().put("links", new JsonArray()
        .add(link(SCHEMA + "2.0", elsewhere.server() + "/nodeinfo/2.0")))));

    NodeInfoException failure = nodeInfoException(client(FetchOptions.defaults(true, USER_AGENT)), peer.server());

    assertEquals(NodeInfoException.Reason.OTHER_HOST, failure.reason());
    assertTrue(failure.getMessage().contains(elsewhere.authority()), failure.getMessage());
    assertEquals(List.of(), elsewhere.paths());
  }

  @Test
  void refusesARedirectToAnotherHost() throws Exception {
    Peer elsewhere = peer(request -> json(request, "application/json", new JsonObject().put("links", new JsonArray()
        .add(link(SCHEMA + "2.0", "/nodeinfo/2.0")))));
    Peer peer = peer(request -> request.response().setStatusCode(301)
        .putHeader("Location", elsewhere.server() + "/.well-known/nodeinfo").end());

    NodeInfoException failure = nodeInfoException(client(FetchOptions.defaults(true, USER_AGENT)), peer.server());

    assertEquals(NodeInfoException.Reason.OTHER_HOST, failure.reason());
    assertEquals(List.of("/.well-known/nodeinfo"), elsewhere.paths(), "only the well-known JRD was read there");
  }

  @Test
  void followsARedirectOnTheSameHost() throws Exception {
    Peer peer = peer(request -> {
      switch (request.path()) {
        case "/.well-known/nodeinfo" -> request.response().setStatusCode(308).putHeader("Location", "/nodeinfo").end();
        case "/nodeinfo" -> json(request, "application/json", new JsonObject().put("links", new JsonArray()
            .add(link(SCHEMA + "2.0", base(request) + "/nodeinfo/2.0"))));
        default -> json(request, "application/json", document("2.0", "mastodon", "4.3.2"));
      }
    });

    assertEquals("mastodon", client(FetchOptions.defaults(true, USER_AGENT)).fetch(peer.server())
        .await(10, TimeUnit.SECONDS).softwareName());
  }

  @Test
  void refusesADocumentWithoutSoftwareName() throws Exception {
    for (JsonObject doc : List.of(new JsonObject().put("version", "2.0"),
        new JsonObject().put("software", "mastodon"),
        new JsonObject().put("software", new JsonObject().put("version", "1")),
        new JsonObject().put("software", new JsonObject().put("name", "")),
        new JsonObject().put("software", new JsonObject().put("name", "<script>")))) {
      Peer peer = peer(request -> json(request, "application/json", request.path().equals("/.well-known/nodeinfo")
          ? new JsonObject().put("links", new JsonArray().add(link(SCHEMA + "2.0", "/nodeinfo/2.0")))
          : doc));

      NodeInfoException failure = nodeInfoException(client(FetchOptions.defaults(true, USER_AGENT)), peer.server());

      assertEquals(NodeInfoException.Reason.INVALID_DOCUMENT, failure.reason(), doc.encode());
    }
  }

  @Test
  void stopsReadingAnOversizeDocument() throws Exception {
    String padding = "x".repeat(4096);
    Peer peer = peer(request -> {
      if (request.path().equals("/.well-known/nodeinfo")) {
        json(request, "application/json", new JsonObject().put("links", new JsonArray().add(link(SCHEMA + "2.0", "/nodeinfo/2.0"))));
      } else {
        // Chunked, so only the bytes that arrive can tell.
        request.response().setChunked(true).putHeader("Content-Type", "application/json")
            .end(document("2.0", "lemmy", "1").put("metadata", padding).encode());
      }
    });
    FetchOptions small = new FetchOptions(true, 1024, Duration.ofSeconds(2), Duration.ofSeconds(2), 3, USER_AGENT);

    assertEquals(FetchException.Reason.TOO_LARGE, fetchException(client(small), peer.server()).reason());
  }

  @Test
  void timesOutOnAServerThatNeverAnswers() throws Exception {
    Peer peer = peer(request -> { /* never answers */ });
    FetchOptions quick = new FetchOptions(true, 1024 * 1024, Duration.ofSeconds(2), Duration.ofMillis(300), 3, USER_AGENT);

    long started = System.nanoTime();
    FetchException failure = fetchException(client(quick), peer.server());

    assertEquals(FetchException.Reason.TIMEOUT, failure.reason());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5_000);
  }

  @Test
  void keepsTheSsrfGuardWithoutThePrivateAddressOptIn() throws Exception {
    Peer peer = peer(request -> json(request, "application/json", new JsonObject()));
    NodeInfoClient production = client(FetchOptions.defaults(false, USER_AGENT));

    assertEquals(FetchException.Reason.SCHEME_NOT_ALLOWED, fetchException(production, peer.server()).reason());
    assertEquals(FetchException.Reason.ADDRESS_NOT_ALLOWED,
        fetchException(production, URI.create("https://" + peer.authority())).reason());
    assertEquals(FetchException.Reason.ADDRESS_NOT_ALLOWED,
        fetchException(production, URI.create("https://169.254.169.254")).reason());
    assertEquals(List.of(), peer.paths());
  }

  // ---- helpers ----

  /** A server on 127.0.0.1 that records the paths and headers it was asked for. */
  private final class Peer implements AutoCloseable {
    private final HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

    Peer(Handler<HttpServerRequest> handler) {
      server = vertx.createHttpServer().requestHandler(request -> {
        paths.add(request.path());
        Map<String, String> seen = new java.util.HashMap<>();
        request.headers().forEach(h -> seen.put(h.getKey().toLowerCase(), h.getValue()));
        headers.add(seen);
        handler.handle(request);
      });
      server.listen(0, "127.0.0.1").await();
    }

    String authority() {
      return "127.0.0.1:" + server.actualPort();
    }

    URI server() {
      return URI.create("http://" + authority());
    }

    List<String> paths() {
      return List.copyOf(paths);
    }

    @Override
    public void close() {
      server.close().await();
    }
  }

  private Peer peer(Handler<HttpServerRequest> handler) {
    Peer peer = new Peer(handler);
    toClose.add(peer);
    return peer;
  }

  private NodeInfoClient client(FetchOptions options) {
    DocumentFetcher fetcher = new DocumentFetcher(vertx, options, MARKING_SIGNER);
    toClose.add(() -> fetcher.close().await(5, TimeUnit.SECONDS));
    return new NodeInfoClient(fetcher);
  }

  private static String base(HttpServerRequest request) {
    return "http://127.0.0.1:" + request.localAddress().port();
  }

  private static JsonObject link(String rel, String href) {
    return new JsonObject().put("rel", rel).put("href", href);
  }

  private static JsonObject document(String schemaVersion, String name, String version) {
    return new JsonObject().put("version", schemaVersion)
        .put("software", new JsonObject().put("name", name).put("version", version))
        .put("openRegistrations", false);
  }

  private static void json(HttpServerRequest request, String contentType, JsonObject body) {
    request.response().putHeader("Content-Type", contentType).end(body.encode());
  }

  private static FetchException fetchException(NodeInfoClient client, URI server) {
    return assertInstanceOf(FetchException.class, failure(client, server));
  }

  private static NodeInfoException nodeInfoException(NodeInfoClient client, URI server) {
    return assertInstanceOf(NodeInfoException.class, failure(client, server));
  }

  private static Throwable failure(NodeInfoClient client, URI server) {
    Exception thrown = assertThrows(Exception.class, () -> client.fetch(server).await(10, TimeUnit.SECONDS));
    return thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
  }
}
