package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * Notifications arrive the way replies and mentions do: a reply from another server to a local
 * account's post notifies that account, and a Mention tag naming a local account notifies it.
 */
class NotificationsTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static String author;
  static String mentioned;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    peer.addActor("rita");
    String admin = api.newAdmin("chair").accessToken();
    author = api.newCitizen("author").accessToken();
    mentioned = api.newCitizen("mentioned").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "open"));
    api.send(HttpMethod.PUT, "/api/v1/groups/open/members/author", admin, new JsonObject().put("role", "member"));
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  private static JsonArray items(String token) {
    HttpResponse<Buffer> r = api.get("/api/v1/notifications", token);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("items");
  }

  @Test
  void aRemoteReplyNotifiesTheParentsAuthorAndWhoItMentions() {
    JsonObject thread = api.post("/api/v1/groups/open/threads", author, new JsonObject().put("title", "Parks").put("content", "More trees?"))
        .bodyAsJsonObject();
    String rootUri = thread.getJsonObject("root").getString("uri");
    String id = peer.base() + "/notes/" + UUID.randomUUID();
    JsonObject note = new JsonObject().put("id", id).put("type", "Note").put("attributedTo", peer.actorUri("rita"))
        .put("inReplyTo", rootUri).put("content", "<p>Yes! @mentioned what do you say?</p>")
        .put("published", Instant.now().toString())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add("http://torg.test/users/mentioned"))
        .put("tag", new JsonArray().add(new JsonObject().put("type", "Mention").put("href", "http://torg.test/users/mentioned")
            .put("name", "@mentioned@torg.test")));
    HttpResponse<Buffer> r = peer.post(torg.port(), "torg.test", "/inbox", peer.activity("Create", "rita", note), "rita",
        SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());

    Eventually.holds("the author hears of the reply", Duration.ofSeconds(15),
        () -> items(author).stream().map(JsonObject.class::cast).anyMatch(n -> n.getString("kind").equals("reply")
            && n.getJsonObject("from").getString("handle").startsWith("@rita@")),
        () -> items(author).encode());
    Eventually.holds("the mentioned account hears of the mention", Duration.ofSeconds(15),
        () -> items(mentioned).stream().map(JsonObject.class::cast).anyMatch(n -> n.getString("kind").equals("mention")),
        () -> items(mentioned).encode());
    assertEquals(1, items(author).size(), "one notification, not one per reason");
  }
}
