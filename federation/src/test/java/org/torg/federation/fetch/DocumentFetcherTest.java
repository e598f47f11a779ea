package org.torg.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fetcher against real HTTP servers on 127.0.0.1. Most tests opt in to private addresses
 * and plain http, as a test federation on one machine does; the TLS tests and the refusals
 * run without that opt-in.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DocumentFetcherTest {

  private static final String USER_AGENT = "Torg/test (+https://torg.example)";
  private static final int MIB = 1024 * 1024;

  private Vertx vertx;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final RecordingSigner signer = new RecordingSigner();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void stopServers() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  // ---- refusals without the private-address opt-in ----

  @Test
  void refusesPlainHttpToLoopbackWithoutOptIn() throws Exception {
    LocalServer server = server(request -> document(request.response(), "{}"));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(false, USER_AGENT));

    FetchException failure = fetchFailure(fetcher, server.url("/x"));

    assertEquals(FetchException.Reason.SCHEME_NOT_ALLOWED, failure.reason());
    assertEquals(0, server.connections.get());
  }

  @Test
  void refusesHttpsToLocalhostBeforeAnyConnection() throws Exception {
    LocalServer server = server(request -> document(request.response(), "{}"));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(false, USER_AGENT));

    FetchException failure = fetchFailure(fetcher, "https://localhost:" + server.port() + "/actor");

    assertEquals(FetchException.Reason.ADDRESS_NOT_ALLOWED, failure.reason());
    assertTrue(failure.getMessage().contains("LOOPBACK"), failure.getMessage());
    assertEquals(0, server.connections.get());
    assertEquals(0, server.requests.size());
    assertEquals(List.of(), signer.signed, "nothing is signed for a request never sent");
  }

  @Test
  void refusesAddressLiteralsOfPrivateNetworks() throws Exception {
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(false, USER_AGENT));
    for (String url : List.of("https://127.0.0.1/actor", "https://[::1]/actor", "https://[::ffff:127.0.0.1]/actor",
        "https://169.254.169.254/latest/meta-data/", "https://0.0.0.0/", "https://10.1.2.3/", "https://[fd00::1]/",
        "https://100.64.0.1/", "https://[fe80::1]/", "https://2130706433/")) {
      assertEquals(FetchException.Reason.ADDRESS_NOT_ALLOWED, fetchFailure(fetcher, url).reason(), url);
    }
    assertEquals(List.of(), signer.signed);
  }

  @Test
  void refusesANameWhenAnyOfItsAddressesIsPrivate() throws Exception {
    List<InetAddress> publicThenPrivate =
        List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7"));
    HostResolver resolver = name -> Future.succeededFuture(publicThenPrivate);
    DocumentFetcher fetcher = new DocumentFetcher(vertx, FetchOptions.defaults(false, USER_AGENT), signer,
        resolver, new AddressPolicy(false)::check, null);
    toClose.add(() -> fetcher.close().await(5, TimeUnit.SECONDS));

    FetchException failure = fetchFailure(fetcher, "https://mixed.test/actor");

    assertEquals(FetchException.Reason.ADDRESS_NOT_ALLOWED, failure.reason());
    assertTrue(failure.getMessage().contains("10.0.0.7 (PRIVATE)"), failure.getMessage());
  }

  @Test
  void refusesOtherSchemes() throws Exception {
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));
    for (String url : List.of("ftp://example.com/actor", "file:///etc/passwd", "gopher://example.com/", "/relative")) {
      assertEquals(FetchException.Reason.SCHEME_NOT_ALLOWED, fetchFailure(fetcher, url).reason(), url);
    }
  }

  @Test
  void reportsAnUnresolvableHost() throws Exception {
    HostResolver resolver = name -> Future.failedFuture(new UnknownHostException(name));
    DocumentFetcher fetcher = new DocumentFetcher(vertx, FetchOptions.defaults(false, USER_AGENT), signer,
        resolver, new AddressPolicy(false)::check, null);
    toClose.add(() -> fetcher.close().await(5, TimeUnit.SECONDS));

    assertEquals(FetchException.Reason.UNRESOLVABLE_HOST, fetchFailure(fetcher, "https://nowhere.test/").reason());
  }

  // ---- with the opt-in, as a test federation on one machine ----

  @Test
  void fetchesASignedDocument() throws Exception {
    LocalServer server = server(request -> document(request.response(), actor(request)));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));
    URI url = URI.create(server.url("/users/alice"));

    FetchedDocument fetched = fetcher.fetchJson(url).await(10, TimeUnit.SECONDS);

    assertEquals(url, fetched.finalUrl());
    assertEquals(url.toString(), fetched.json().getString("id"));
    assertEquals("Person", fetched.json().getString("type"));
    LocalServer.Seen seen = server.lastRequest();
    assertEquals(DocumentFetcher.ACCEPT, seen.headers().get("Accept"));
    assertEquals(USER_AGENT, seen.headers().get("User-Agent"));
    assertEquals("127.0.0.1:" + server.port(), seen.headers().get("Host"));
    assertEquals("GET " + url + " host=127.0.0.1:" + server.port(), seen.headers().get(RecordingSigner.HEADER));
    assertEquals(List.of(url), signer.signed);
  }

  @Test
  void connectsToTheResolvedAddressButSendsTheHostName() throws Exception {
    LocalServer server = server(request -> document(request.response(),
        new JsonObject().put("id", "http://actor.test:" + request.localAddress().port() + request.path()).encode()));
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    List<String> resolved = new CopyOnWriteArrayList<>();
    HostResolver resolver = name -> {
      resolved.add(name);
      return Future.succeededFuture(List.of(loopback));
    };
    DocumentFetcher fetcher = new DocumentFetcher(vertx, FetchOptions.defaults(true, USER_AGENT), signer,
        resolver, new AddressPolicy(true)::check, null);
    toClose.add(() -> fetcher.close().await(5, TimeUnit.SECONDS));
    URI url = URI.create("http://actor.test:" + server.port() + "/actor");

    FetchedDocument fetched = fetcher.fetchJson(url).await(10, TimeUnit.SECONDS);

    assertEquals(url, fetched.finalUrl());
    assertEquals(List.of("actor.test"), resolved);
    assertEquals("actor.test:" + server.port(), server.lastRequest().headers().get("Host"));
  }

  @Test
  void fetchesFromAnIpv6Literal() throws Exception {
    assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback here");
    LocalServer server = LocalServer.start(vertx, new HttpServerOptions(), "::1", request -> document(request.response(),
        new JsonObject().put("id", "http://[::1]:" + request.localAddress().port() + request.uri()).encode()));
    toClose.add(server);
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));
    URI url = URI.create("http://[::1]:" + server.port() + "/actor");

    FetchedDocument fetched = fetcher.fetchJson(url).await(10, TimeUnit.SECONDS);

    assertEquals(url, fetched.finalUrl());
    assertEquals("[::1]:" + server.port(), server.lastRequest().headers().get("Host"));
  }

  @Test
  void neitherSendsNorKeepsUserInfo() throws Exception {
    LocalServer server = server(request -> document(request.response(), actor(request)));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchedDocument fetched = fetcher.fetchJson(URI.create("http://user:secret@127.0.0.1:" + server.port() + "/actor"))
        .await(10, TimeUnit.SECONDS);

    assertEquals(URI.create(server.url("/actor")), fetched.finalUrl());
    assertEquals(null, server.lastRequest().headers().get("Authorization"));
    assertEquals(List.of(URI.create(server.url("/actor"))), signer.signed);
  }

  @Test
  void refusesADocumentWithAnotherId() throws Exception {
    LocalServer server = server(request -> document(request.response(),
        new JsonObject().put("id", "https://elsewhere.example/users/alice").put("type", "Person").encode()));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    assertEquals(FetchException.Reason.ID_MISMATCH, fetchFailure(fetcher, server.url("/users/alice")).reason());
  }

  @Test
  void refusesADocumentWithoutId() throws Exception {
    LocalServer server = server(request -> document(request.response(), "{\"type\":\"Person\"}"));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    assertEquals(FetchException.Reason.ID_MISMATCH, fetchFailure(fetcher, server.url("/users/alice")).reason());
  }

  @Test
  void forgivesOnlyHarmlessDifferencesInTheId() throws Exception {
    LocalServer server = server(request -> document(request.response(),
        new JsonObject().put("id", "HTTP://127.0.0.1:" + request.localAddress().port() + "/").encode()));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchedDocument fetched = fetcher.fetchJson(URI.create(server.url(""))).await(10, TimeUnit.SECONDS);

    assertEquals(URI.create(server.url("/")), fetched.finalUrl());
  }

  @Test
  void fetchesAKeyIdByItsDocumentAndLeavesTheFragmentToTheCaller() throws Exception {
    LocalServer server = server(request -> document(request.response(), actor(request)));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchedDocument fetched = fetcher.fetchJson(URI.create(server.url("/actor#main-key"))).await(10, TimeUnit.SECONDS);

    assertEquals(URI.create(server.url("/actor")), fetched.finalUrl());
    assertEquals(server.url("/actor"), fetched.json().getString("id"));
    assertEquals("/actor", server.lastRequest().path());
    assertEquals(List.of(URI.create(server.url("/actor"))), signer.signed, "the fragment is not signed either");
  }

  @Test
  void followsThreeRedirectsSigningEveryHop() throws Exception {
    LocalServer server = server(DocumentFetcherTest::redirectChain);
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchedDocument fetched = fetcher.fetchJson(URI.create(server.url("/hop/3"))).await(10, TimeUnit.SECONDS);

    assertEquals(URI.create(server.url("/hop/0")), fetched.finalUrl());
    assertEquals(List.of("/hop/3", "/hop/2", "/hop/1", "/hop/0"),
        server.requests.stream().map(LocalServer.Seen::path).toList());
    assertEquals(4, signer.signed.size());
    for (LocalServer.Seen seen : server.requests) {
      assertEquals("GET " + server.url(seen.path()) + " host=127.0.0.1:" + server.port(),
          seen.headers().get(RecordingSigner.HEADER), "each hop carries its own signature");
    }
  }

  @Test
  void refusesAFourthRedirect() throws Exception {
    LocalServer server = server(DocumentFetcherTest::redirectChain);
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    assertEquals(FetchException.Reason.TOO_MANY_REDIRECTS, fetchFailure(fetcher, server.url("/hop/4")).reason());
    assertEquals(4, server.requests.size(), "the fourth redirect is not followed");
  }

  @Test
  void acceptsADocumentMovedToAnotherPathWhenItsIdIsTheFinalUrl() throws Exception {
    LocalServer server = server(request -> {
      switch (request.path()) {
        case "/@alice" -> redirect(request.response(), 301, "/users/alice");
        case "/old/alice" -> redirect(request.response(), 308, "../users/alice?x=1");
        default -> document(request.response(), actor(request));
      }
    });
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchedDocument moved = fetcher.fetchJson(URI.create(server.url("/@alice"))).await(10, TimeUnit.SECONDS);
    FetchedDocument relative = fetcher.fetchJson(URI.create(server.url("/old/alice"))).await(10, TimeUnit.SECONDS);

    assertEquals(URI.create(server.url("/users/alice")), moved.finalUrl());
    assertEquals(server.url("/users/alice"), moved.json().getString("id"));
    assertEquals(URI.create(server.url("/users/alice?x=1")), relative.finalUrl());
  }

  @Test
  void refusesARedirectedDocumentThatClaimsTheUrlFirstAsked() throws Exception {
    LocalServer server = server(request -> {
      if (request.path().equals("/users/alice")) {
        redirect(request.response(), 302, "/files/upload.json");
      } else {
        document(request.response(), new JsonObject().put("id", server(request, "/users/alice")).encode());
      }
    });
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    assertEquals(FetchException.Reason.ID_MISMATCH, fetchFailure(fetcher, server.url("/users/alice")).reason());
  }

  @Test
  void reportsARedirectWithoutLocationAsItsStatus() throws Exception {
    LocalServer server = server(request -> request.response().setStatusCode(302).end());
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchException failure = fetchFailure(fetcher, server.url("/x"));

    assertEquals(FetchException.Reason.HTTP_STATUS, failure.reason());
    assertEquals(302, failure.status());
  }

  @Test
  void readsABodyOfExactlyMaxBytes() throws Exception {
    LocalServer server = server(request -> {
      String id = server(request, request.path());
      HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "application/activity+json");
      response.end(paddedDocument(id, MIB));
    });
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchedDocument fetched = fetcher.fetchJson(URI.create(server.url("/big"))).await(10, TimeUnit.SECONDS);

    assertEquals(server.url("/big"), fetched.json().getString("id"));
  }

  @Test
  void stopsReadingAChunkedBodyOneByteOverMaxBytes() throws Exception {
    LocalServer server = server(request -> {
      String id = server(request, request.path());
      String body = paddedDocument(id, MIB + 1);
      HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "application/activity+json");
      // In pieces, as a real server streams: the fetcher must count what arrives.
      for (int offset = 0; offset < body.length(); offset += 64 * 1024) {
        response.write(body.substring(offset, Math.min(body.length(), offset + 64 * 1024)));
      }
      response.end();
    });
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchException failure = fetchFailure(fetcher, server.url("/big"));

    assertEquals(FetchException.Reason.TOO_LARGE, failure.reason());
    waitFor(() -> server.closedConnections.get() == 1, "the fetcher hangs up on the rest of the body");
  }

  @Test
  void refusesATooLargeContentLengthBeforeReadingTheBody() throws Exception {
    // The body never comes: only an early refusal can answer before the read timeout.
    LocalServer server = server(request -> request.response()
        .putHeader("Content-Type", "application/activity+json")
        .putHeader("Content-Length", String.valueOf(MIB + 1))
        .write("{"));
    DocumentFetcher fetcher = fetcher(shortTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));

    long started = System.nanoTime();
    FetchException failure = fetchFailure(fetcher, server.url("/big"));

    assertEquals(FetchException.Reason.TOO_LARGE, failure.reason());
    assertTrue(elapsedMillis(started) < 4_000, "refused without waiting for the body");
  }

  @Test
  void refusesHtml() throws Exception {
    LocalServer server = server(request -> request.response()
        .putHeader("Content-Type", "text/html; charset=utf-8").end("<html>" + actor(request) + "</html>"));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    assertEquals(FetchException.Reason.WRONG_CONTENT_TYPE, fetchFailure(fetcher, server.url("/users/alice")).reason());
  }

  @Test
  void refusesPlainJsonAsMastodonDoesSinceCve202423832() throws Exception {
    LocalServer server = server(request -> request.response()
        .putHeader("Content-Type", "application/json; charset=utf-8").end(actor(request)));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    assertEquals(FetchException.Reason.WRONG_CONTENT_TYPE, fetchFailure(fetcher, server.url("/users/alice")).reason());
  }

  @Test
  void acceptsEveryJsonFlavourOfContentType() throws Exception {
    List<String> types = List.of("application/activity+json",
        "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
        "application/ld+json", "Application/Activity+JSON");
    LocalServer server = server(request -> request.response()
        .putHeader("Content-Type", types.get(Integer.parseInt(request.getParam("type"))))
        .end(new JsonObject().put("id", server(request, request.uri())).encode()));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    for (int i = 0; i < types.size(); i++) {
      URI url = URI.create(server.url("/doc?type=" + i));
      assertEquals(url, fetcher.fetchJson(url).await(10, TimeUnit.SECONDS).finalUrl(), types.get(i));
    }
  }

  @Test
  void reportsGoneAndNotFoundWithTheirStatus() throws Exception {
    LocalServer server = server(request -> request.response()
        .setStatusCode(request.path().equals("/gone") ? 410 : 404)
        .putHeader("Content-Type", "application/activity+json")
        .end("{\"type\":\"Tombstone\"}"));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchException gone = fetchFailure(fetcher, server.url("/gone"));
    FetchException missing = fetchFailure(fetcher, server.url("/missing"));

    assertEquals(FetchException.Reason.HTTP_STATUS, gone.reason());
    assertEquals(410, gone.status());
    assertEquals(FetchException.Reason.HTTP_STATUS, missing.reason());
    assertEquals(404, missing.status());
  }

  @Test
  void timesOutOnAServerThatNeverAnswers() throws Exception {
    LocalServer server = server(request -> { /* never answers */ });
    DocumentFetcher fetcher = fetcher(shortTimeouts(Duration.ofMillis(500), Duration.ofSeconds(10)));

    long started = System.nanoTime();
    FetchException failure = fetchFailure(fetcher, server.url("/slow"));

    assertEquals(FetchException.Reason.TIMEOUT, failure.reason());
    long elapsed = elapsedMillis(started);
    assertTrue(elapsed >= 400 && elapsed < 3_000, "after the 500 ms read timeout, took " + elapsed + " ms");
    assertEquals(0, failure.status());
  }

  @Test
  void timesOutOnABodyThatStopsHalfway() throws Exception {
    LocalServer server = server(request -> request.response().setChunked(true)
        .putHeader("Content-Type", "application/activity+json").write("{\"id\":"));
    DocumentFetcher fetcher = fetcher(shortTimeouts(Duration.ofMillis(500), Duration.ofSeconds(10)));

    assertEquals(FetchException.Reason.TIMEOUT, fetchFailure(fetcher, server.url("/half")).reason());
  }

  @Test
  void timesOutOnADripFeedAndClosesItsConnection() throws Exception {
    LocalServer server = server(request -> {
      HttpServerResponse response = request.response().setChunked(true)
          .putHeader("Content-Type", "application/activity+json");
      response.write("[");
      long drip = vertx.setPeriodic(100, tick -> response.write(" "));
      response.closeHandler(closed -> vertx.cancelTimer(drip));
    });
    // Each byte comes within the read timeout; only the total timeout can end this.
    DocumentFetcher fetcher = fetcher(new FetchOptions(true, MIB, Duration.ofSeconds(2),
        Duration.ofMillis(500), 3, USER_AGENT, Duration.ofMillis(1_500)));

    long started = System.nanoTime();
    FetchException failure = fetchFailure(fetcher, server.url("/drip"));

    assertEquals(FetchException.Reason.TIMEOUT, failure.reason());
    long elapsed = elapsedMillis(started);
    assertTrue(elapsed >= 1_400 && elapsed < 4_000, "after the 1.5 s total timeout, took " + elapsed + " ms");
    waitFor(() -> server.closedConnections.get() == 1, "the connection is closed");
  }

  @Test
  void refusesInvalidJsonAndJsonThatIsNotAnObject() throws Exception {
    LocalServer server = server(request -> document(request.response(),
        request.path().equals("/array") ? "[{\"id\":\"x\"}]" : "{\"id\": \"unterminated"));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    assertEquals(FetchException.Reason.NOT_JSON, fetchFailure(fetcher, server.url("/broken")).reason());
    assertEquals(FetchException.Reason.NOT_JSON, fetchFailure(fetcher, server.url("/array")).reason());
  }

  @Test
  void reportsARefusedConnection() throws Exception {
    LocalServer closed = server(request -> { });
    String url = closed.url("/actor");
    closed.close();
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    assertEquals(FetchException.Reason.CONNECTION_FAILED, fetchFailure(fetcher, url).reason());
  }

  @Test
  void passesASignerFailureThroughUnchanged() throws Exception {
    LocalServer server = server(request -> document(request.response(), actor(request)));
    RequestSigner broken = (method, uri, headers) -> {
      throw new IllegalStateException("instance key unavailable");
    };
    DocumentFetcher fetcher = new DocumentFetcher(vertx, FetchOptions.defaults(true, USER_AGENT), broken);
    toClose.add(() -> fetcher.close().await(5, TimeUnit.SECONDS));

    Exception failure = assertThrows(Exception.class,
        () -> fetcher.fetchJson(URI.create(server.url("/actor"))).await(10, TimeUnit.SECONDS));

    assertInstanceOf(IllegalStateException.class, unwrap(failure));
    assertEquals(0, server.requests.size());
  }

  @Test
  void sendsUnsignedWithoutSigner() throws Exception {
    LocalServer server = server(request -> document(request.response(), actor(request)));
    DocumentFetcher fetcher = new DocumentFetcher(vertx, FetchOptions.defaults(true, USER_AGENT), null);
    toClose.add(() -> fetcher.close().await(5, TimeUnit.SECONDS));

    fetcher.fetchJson(URI.create(server.url("/actor"))).await(10, TimeUnit.SECONDS);

    assertEquals(null, server.lastRequest().headers().get(RecordingSigner.HEADER));
    assertEquals(DocumentFetcher.ACCEPT, server.lastRequest().headers().get("Accept"));
  }

  @Test
  void reusesKeptAliveConnections() throws Exception {
    LocalServer server = server(request -> document(request.response(), actor(request)));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    for (int i = 0; i < 3; i++) {
      fetcher.fetchJson(URI.create(server.url("/users/" + i))).await(10, TimeUnit.SECONDS);
    }

    assertEquals(3, server.requests.size());
    assertEquals(1, server.connections.get());
  }

  // ---- server metadata (NodeInfo): plain JSON, unsigned, no id ----

  @Test
  void fetchesPlainJsonAndJrdUnsignedWithoutAnId() throws Exception {
    List<String> types = List.of("application/json", "application/json; charset=utf-8",
        "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"", "application/jrd+json");
    LocalServer server = server(request -> request.response()
        .putHeader("Content-Type", types.get(Integer.parseInt(request.getParam("type"))))
        .end("{\"software\":{\"name\":\"mastodon\"}}"));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    for (int i = 0; i < types.size(); i++) {
      URI url = URI.create(server.url("/nodeinfo?type=" + i));
      FetchedDocument fetched = fetcher.fetchPlainJson(url).await(10, TimeUnit.SECONDS);
      assertEquals(url, fetched.finalUrl(), types.get(i));
      assertEquals("mastodon", fetched.json().getJsonObject("software").getString("name"));
      assertEquals(null, server.lastRequest().headers().get(RecordingSigner.HEADER), "not signed");
      assertEquals("application/json, application/jrd+json", server.lastRequest().headers().get("Accept"));
    }
    assertEquals(List.of(), signer.signed);
  }

  @Test
  void plainJsonFetchesRefuseOtherTypesAndKeepTheLimits() throws Exception {
    LocalServer server = server(request -> {
      switch (request.path()) {
        case "/html" -> request.response().putHeader("Content-Type", "text/html").end("<p>{}</p>");
        case "/untyped" -> request.response().end("{}");
        case "/big" -> request.response().putHeader("Content-Type", "application/json").end(paddedDocument("x", 2048));
        default -> request.response().putHeader("Content-Type", "application/json").end("[1, 2]");
      }
    });
    DocumentFetcher fetcher = fetcher(new FetchOptions(true, 1024, Duration.ofSeconds(2), Duration.ofSeconds(2), 3, USER_AGENT));

    assertEquals(FetchException.Reason.WRONG_CONTENT_TYPE, plainFailure(fetcher, server.url("/html")).reason());
    assertEquals(FetchException.Reason.WRONG_CONTENT_TYPE, plainFailure(fetcher, server.url("/untyped")).reason());
    assertEquals(FetchException.Reason.TOO_LARGE, plainFailure(fetcher, server.url("/big")).reason());
    assertEquals(FetchException.Reason.NOT_JSON, plainFailure(fetcher, server.url("/array")).reason());
  }

  @Test
  void plainJsonFetchesKeepTheSsrfGuard() throws Exception {
    LocalServer server = server(request -> request.response().putHeader("Content-Type", "application/json").end("{}"));
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(false, USER_AGENT));

    assertEquals(FetchException.Reason.SCHEME_NOT_ALLOWED, plainFailure(fetcher, server.url("/.well-known/nodeinfo")).reason());
    assertEquals(FetchException.Reason.ADDRESS_NOT_ALLOWED,
        plainFailure(fetcher, "https://127.0.0.1:" + server.port() + "/.well-known/nodeinfo").reason());
    assertEquals(0, server.connections.get());
  }

  @Test
  void plainJsonFetchesFollowRedirectsAndReportTheFinalUrl() throws Exception {
    LocalServer server = server(request -> {
      if (request.path().equals("/.well-known/nodeinfo")) {
        redirect(request.response(), 301, "/nodeinfo/2.0");
      } else {
        request.response().putHeader("Content-Type", "application/json").end("{}");
      }
    });
    DocumentFetcher fetcher = fetcher(FetchOptions.defaults(true, USER_AGENT));

    FetchedDocument fetched = fetcher.fetchPlainJson(URI.create(server.url("/.well-known/nodeinfo"))).await(10, TimeUnit.SECONDS);

    assertEquals(URI.create(server.url("/nodeinfo/2.0")), fetched.finalUrl());
  }

  // ---- helpers ----

  private static FetchException plainFailure(DocumentFetcher fetcher, String url) {
    Exception thrown = assertThrows(Exception.class,
        () -> fetcher.fetchPlainJson(URI.create(url)).await(10, TimeUnit.SECONDS));
    return assertInstanceOf(FetchException.class, unwrap(thrown), () -> "for " + url + ": " + thrown);
  }

  private LocalServer server(io.vertx.core.Handler<HttpServerRequest> handler) throws Exception {
    LocalServer server = LocalServer.start(vertx, handler);
    toClose.add(server);
    return server;
  }

  private DocumentFetcher fetcher(FetchOptions options) {
    DocumentFetcher fetcher = new DocumentFetcher(vertx, options, signer);
    toClose.add(() -> fetcher.close().await(5, TimeUnit.SECONDS));
    return fetcher;
  }

  private static FetchOptions shortTimeouts(Duration readTimeout, Duration totalTimeout) {
    return new FetchOptions(true, MIB, Duration.ofSeconds(2), readTimeout, 3, USER_AGENT, totalTimeout);
  }

  private static FetchException fetchFailure(DocumentFetcher fetcher, String url) {
    Exception thrown = assertThrows(Exception.class,
        () -> fetcher.fetchJson(URI.create(url)).await(10, TimeUnit.SECONDS));
    return assertInstanceOf(FetchException.class, unwrap(thrown), () -> "for " + url + ": " + thrown);
  }

  private static Throwable unwrap(Throwable thrown) {
    return thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
  }

  /** The URL of {@code path} on the server that received {@code request}. */
  private static String server(HttpServerRequest request, String path) {
    return "http://127.0.0.1:" + request.localAddress().port() + path;
  }

  private static String actor(HttpServerRequest request) {
    return new JsonObject()
        .put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", server(request, request.uri()))
        .put("type", "Person")
        .put("preferredUsername", "alice")
        .encode();
  }

  private static void document(HttpServerResponse response, String json) {
    response.putHeader("Content-Type", "application/activity+json").end(json);
  }

  private static void redirect(HttpServerResponse response, int status, String location) {
    response.setStatusCode(status).putHeader("Location", location).end();
  }

  /** {@code /hop/N} redirects to {@code /hop/N-1}, with each redirect status in turn; /hop/0 is the document. */
  private static void redirectChain(HttpServerRequest request) {
    int n = Integer.parseInt(request.path().substring("/hop/".length()));
    if (n == 0) {
      document(request.response(), actor(request));
    } else {
      int[] statuses = {301, 302, 303, 307, 308};
      redirect(request.response(), statuses[n % statuses.length], server(request, "/hop/" + (n - 1)));
    }
  }

  /** A JSON object with {@code id} and padding, exactly {@code bytes} long. */
  private static String paddedDocument(String id, int bytes) {
    String head = "{\"id\":\"" + id + "\",\"padding\":\"";
    String tail = "\"}";
    return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
  }

  private static boolean ipv6LoopbackAvailable() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static long elapsedMillis(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
