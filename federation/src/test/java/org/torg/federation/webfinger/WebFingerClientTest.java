package org.torg.federation.webfinger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.federation.fetch.DocumentFetcher;
import org.torg.federation.fetch.FetchOptions;

/** WebFinger lookups against a real HTTP server on 127.0.0.1 (private addresses allowed, as in a test federation). */
@ExtendWith(VertxExtension.class)
class WebFingerClientTest {

  private HttpServer server;
  private WebFingerClient client;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile JsonObject answer;

  @BeforeEach
  void start(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(request -> {
      queries.add(request.uri());
      if (!request.path().equals("/.well-known/webfinger") || answer == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().putHeader("Content-Type", "application/jrd+json").end(answer.encode());
    }).listen(0, "127.0.0.1").await();
    DocumentFetcher fetcher = new DocumentFetcher(vertx, FetchOptions.defaults(true, "Torg/test"), (m, u, h) -> h);
    client = new WebFingerClient(fetcher, "http");
  }

  @AfterEach
  void stop() {
    server.close().await();
  }

  private String host() {
    return "127.0.0.1:" + server.actualPort();
  }

  @Test
  void findsTheSelfLinkOfTypeActivityJson() throws Exception {
    answer = new JsonObject().put("subject", "acct:anna@" + host()).put("links", new JsonArray()
        .add(new JsonObject().put("rel", "http://webfinger.net/rel/profile-page").put("type", "text/html").put("href", "https://x.example/@anna"))
        .add(new JsonObject().put("rel", "self").put("type", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"")
            .put("href", "https://x.example/users/anna")));
    assertEquals("https://x.example/users/anna", client.actorId("anna", host()).await(10, TimeUnit.SECONDS));
    assertTrue(queries.get(0).endsWith("resource=acct%3Aanna%40" + host().replace(":", "%3A")), queries.toString());
  }

  @Test
  void noActivityPubLinkOrNoAccountFails() {
    answer = new JsonObject().put("links", new JsonArray()
        .add(new JsonObject().put("rel", "self").put("type", "text/html").put("href", "https://x.example/anna")));
    assertThrows(WebFingerClient.WebFingerException.class, () -> client.actorId("anna", host()).await(10, TimeUnit.SECONDS));
    answer = null;
    assertThrows(RuntimeException.class, () -> client.actorId("nobody", host()).await(10, TimeUnit.SECONDS));
  }

  @Test
  void somethingThatIsNoHandleIsRefusedWithoutARequest() {
    assertThrows(WebFingerClient.WebFingerException.class, () -> client.actorId("a b", host()).await(10, TimeUnit.SECONDS));
    assertThrows(WebFingerClient.WebFingerException.class, () -> client.actorId("anna", "evil.example/path?x=").await(10, TimeUnit.SECONDS));
    assertEquals(List.of(), queries);
  }
}
