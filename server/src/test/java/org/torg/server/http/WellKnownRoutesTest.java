package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.server.model.ActorType;
import org.torg.server.support.RunningTorg;

@ExtendWith(VertxExtension.class)
class WellKnownRoutesTest {

  static RunningTorg torg;

  @BeforeAll
  static void start() {
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "https://torg.test", "TORG_INSTANCE_NAME", "Branch North"));
    var actors = torg.torg().services().localActors();
    actors.create(ActorType.Person, "alice", "Alice", null, false).await();
    actors.create(ActorType.Group, "north", "North branch", null, false).await();
    actors.create(ActorType.Person, "gone", "Gone", null, false)
        .compose(a -> torg.torg().services().actors().markDeleted(a.id())).await();
  }

  @AfterAll
  static void stop() {
    torg.close();
  }

  private HttpResponse<Buffer> webfinger(Vertx vertx, String resource) {
    return torg.get(vertx, "/.well-known/webfinger").addQueryParam("resource", resource).send().await();
  }

  @Test
  void answersAcctWithExactlyOneSelfLink(Vertx vertx) {
    HttpResponse<Buffer> r = webfinger(vertx, "acct:alice@torg.test");
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("application/jrd+json"));
    JsonObject jrd = r.bodyAsJsonObject();
    assertEquals("acct:alice@torg.test", jrd.getString("subject"));
    assertTrue(jrd.getJsonArray("aliases").contains("https://torg.test/users/alice"));
    JsonArray links = jrd.getJsonArray("links");
    long selfLinks = links.stream().map(JsonObject.class::cast).filter(l -> "self".equals(l.getString("rel"))).count();
    assertEquals(1, selfLinks);
    JsonObject self = links.stream().map(JsonObject.class::cast).filter(l -> "self".equals(l.getString("rel"))).findFirst().orElseThrow();
    assertEquals("application/activity+json", self.getString("type"));
    assertEquals("https://torg.test/users/alice", self.getString("href"));
    assertTrue(links.stream().map(JsonObject.class::cast).anyMatch(l -> "http://webfinger.net/rel/profile-page".equals(l.getString("rel"))));
  }

  @Test
  void acceptsTheOtherResourceForms(Vertx vertx) {
    for (String resource : new String[] {"alice@torg.test", "@alice@torg.test", "https://torg.test/users/alice", "acct:Alice@TORG.test"}) {
      HttpResponse<Buffer> r = webfinger(vertx, resource);
      assertEquals(200, r.statusCode(), resource);
      assertEquals("acct:alice@torg.test", r.bodyAsJsonObject().getString("subject"), resource);
    }
  }

  @Test
  void marksAGroupsSelfLinkAsAGroup(Vertx vertx) {
    JsonObject self = webfinger(vertx, "acct:north@torg.test").bodyAsJsonObject().getJsonArray("links").stream()
        .map(JsonObject.class::cast).filter(l -> "self".equals(l.getString("rel"))).findFirst().orElseThrow();
    assertEquals("https://torg.test/groups/north", self.getString("href"));
    assertEquals("Group", self.getJsonObject("properties").getString("https://www.w3.org/ns/activitystreams#type"));
  }

  @Test
  void findsTheInstanceActor(Vertx vertx) {
    HttpResponse<Buffer> r = webfinger(vertx, "acct:torg.test@torg.test");
    assertEquals(200, r.statusCode());
    assertTrue(r.bodyAsString().contains("\"href\":\"https://torg.test/actor\""));
  }

  @Test
  void unknownIs404DeletedIs410MalformedIs400(Vertx vertx) {
    assertEquals(404, webfinger(vertx, "acct:nobody@torg.test").statusCode());
    assertEquals(404, webfinger(vertx, "acct:alice@elsewhere.example").statusCode());
    assertEquals(410, webfinger(vertx, "acct:gone@torg.test").statusCode());
    assertEquals(400, webfinger(vertx, "acct:no-at-sign").statusCode());
    assertEquals(400, torg.get(vertx, "/.well-known/webfinger").send().await().statusCode());
  }

  @Test
  void hostMetaPointsAtWebfinger(Vertx vertx) {
    HttpResponse<Buffer> r = torg.get(vertx, "/.well-known/host-meta").send().await();
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("application/xrd+xml"));
    assertTrue(r.bodyAsString().contains("template=\"https://torg.test/.well-known/webfinger?resource={uri}\""));
  }

  @Test
  void nodeinfoLinksBothVersionsAndTheInstanceActor(Vertx vertx) {
    JsonArray links = torg.get(vertx, "/.well-known/nodeinfo").send().await().bodyAsJsonObject().getJsonArray("links");
    assertEquals("https://torg.test/nodeinfo/2.0", links.getJsonObject(0).getString("href"));
    assertEquals("https://torg.test/nodeinfo/2.1", links.getJsonObject(1).getString("href"));
    assertEquals("https://www.w3.org/ns/activitystreams#Application", links.getJsonObject(2).getString("rel"));
    assertEquals("https://torg.test/actor", links.getJsonObject(2).getString("href"));
    for (String version : new String[] {"2.0", "2.1"}) {
      JsonObject doc = torg.get(vertx, "/nodeinfo/" + version).send().await().bodyAsJsonObject();
      assertEquals(version, doc.getString("version"));
      assertEquals("torg", doc.getJsonObject("software").getString("name"));
      assertEquals(new JsonArray().add("activitypub"), doc.getJsonArray("protocols"));
      assertEquals("Branch North", doc.getJsonObject("metadata").getString("nodeName"));
      assertEquals(1, doc.getJsonObject("usage").getJsonObject("users").getLong("total"), "alice; the deleted and the group do not count");
    }
  }
}
