package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.federation.signature.RsaKeys;
import org.torg.server.app.Services;
import org.torg.server.db.ActorRepository.ActorFields;
import org.torg.server.db.FollowRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.RunningTorg;

@ExtendWith(VertxExtension.class)
class ActorRoutesTest {

  static RunningTorg torg;
  static Services services;
  static Actor alice;
  static Actor north;

  @BeforeAll
  static void start() {
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "https://torg.test"));
    services = torg.torg().services();
    alice = services.localActors().create(ActorType.Person, "alice", "Alice <script>alert(1)</script>", "<p>Hi</p>", false).await();
    north = services.localActors().create(ActorType.Group, "north", "North branch", null, false).await();
    services.localActors().create(ActorType.Person, "gone", null, null, false)
        .compose(a -> services.actors().markDeleted(a.id())).await();
  }

  @AfterAll
  static void stop() {
    torg.close();
  }

  @Test
  void aPersonDocumentHasWhatMastodonRequires(Vertx vertx) throws Exception {
    HttpResponse<Buffer> r = torg.getActivityJson(vertx, "/users/alice").send().await();
    assertEquals(200, r.statusCode());
    assertEquals("application/activity+json", r.getHeader("Content-Type"));
    assertEquals("Accept", r.getHeader("Vary"));
    JsonObject doc = r.bodyAsJsonObject();
    JsonArray context = doc.getJsonArray("@context");
    assertEquals("https://www.w3.org/ns/activitystreams", context.getString(0));
    assertEquals("https://w3id.org/security/v1", context.getString(1));
    // FEP-521a: did/v1 defines assertionMethod, multikey/v1 the Multikey under it.
    assertEquals("https://www.w3.org/ns/did/v1", context.getString(2));
    assertEquals("https://w3id.org/security/multikey/v1", context.getString(3));
    assertEquals("as:manuallyApprovesFollowers", context.getJsonObject(4).getString("manuallyApprovesFollowers"));
    assertEquals("https://torg.test/users/alice", doc.getString("id"));
    assertEquals("Person", doc.getString("type"));
    assertEquals("alice", doc.getString("preferredUsername"));
    assertEquals("https://torg.test/users/alice/inbox", doc.getString("inbox"));
    assertEquals("https://torg.test/users/alice/outbox", doc.getString("outbox"));
    assertEquals("https://torg.test/users/alice/followers", doc.getString("followers"));
    assertEquals("https://torg.test/users/alice/following", doc.getString("following"));
    assertEquals("https://torg.test/inbox", doc.getJsonObject("endpoints").getString("sharedInbox"));
    assertEquals("https://torg.test/users/alice", doc.getString("url"));
    assertTrue(doc.getString("published").endsWith("Z"));
    assertFalse(doc.getBoolean("manuallyApprovesFollowers"));
    assertInstanceOf(JsonObject.class, doc.getValue("publicKey"), "one publicKey object, never an array");
    JsonObject key = doc.getJsonObject("publicKey");
    assertEquals("https://torg.test/users/alice#main-key", key.getString("id"));
    assertEquals("https://torg.test/users/alice", key.getString("owner"));
    assertEquals(2048, RsaKeys.parsePublicKeyPem(key.getString("publicKeyPem")).getModulus().bitLength());
    JsonObject multikey = doc.getJsonArray("assertionMethod").getJsonObject(0);
    assertEquals("https://torg.test/users/alice#ed25519-key", multikey.getString("id"));
    assertEquals("Multikey", multikey.getString("type"));
    assertEquals("https://torg.test/users/alice", multikey.getString("controller"));
    assertTrue(multikey.getString("publicKeyMultibase").startsWith("z6Mk"), multikey.encode());
    assertTrue(org.torg.federation.proof.Multikey.find(doc, "https://torg.test/users/alice#ed25519-key").isPresent());
  }

  @Test
  void eachActorHasItsOwnKey(Vertx vertx) {
    String aliceKey = torg.getActivityJson(vertx, "/users/alice").send().await().bodyAsJsonObject().getJsonObject("publicKey").getString("publicKeyPem");
    String northKey = torg.getActivityJson(vertx, "/groups/north").send().await().bodyAsJsonObject().getJsonObject("publicKey").getString("publicKeyPem");
    String instanceKey = torg.getActivityJson(vertx, "/actor").send().await().bodyAsJsonObject().getJsonObject("publicKey").getString("publicKeyPem");
    assertFalse(aliceKey.equals(northKey) || aliceKey.equals(instanceKey) || northKey.equals(instanceKey));
  }

  @Test
  void ldJsonWithTheProfileAlsoGetsActivityJson(Vertx vertx) {
    HttpResponse<Buffer> r = torg.get(vertx, "/groups/north")
        .putHeader("Accept", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"").send().await();
    assertEquals("application/activity+json", r.getHeader("Content-Type"));
    assertEquals("Group", r.bodyAsJsonObject().getString("type"));
  }

  @Test
  void aBrowserGetsEscapedHtmlOnTheSameUrl(Vertx vertx) {
    HttpResponse<Buffer> r = torg.get(vertx, "/users/alice").putHeader("Accept", "text/html,application/xhtml+xml").send().await();
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"));
    // The page also varies on language and session (pages are translated and show who is signed in).
    assertTrue(r.getHeader("Vary").startsWith("Accept,"), r.getHeader("Vary"));
    assertTrue(r.bodyAsString().contains("Alice &lt;script&gt;"), r.bodyAsString());
    assertFalse(r.bodyAsString().contains("<script>"));
  }

  @Test
  void aGroupIsNotAPersonAndUnknownNamesAre404(Vertx vertx) {
    assertEquals(404, torg.getActivityJson(vertx, "/users/north").send().await().statusCode());
    assertEquals(404, torg.getActivityJson(vertx, "/groups/alice").send().await().statusCode());
    assertEquals(404, torg.getActivityJson(vertx, "/users/nobody").send().await().statusCode());
  }

  @Test
  void aDeletedActorAnswers410WithATombstone(Vertx vertx) {
    HttpResponse<Buffer> r = torg.getActivityJson(vertx, "/users/gone").send().await();
    assertEquals(410, r.statusCode());
    assertEquals("Tombstone", r.bodyAsJsonObject().getString("type"));
    assertEquals("https://torg.test/users/gone", r.bodyAsJsonObject().getString("id"));
  }

  @Test
  void followersArePagedWithTotalItems(Vertx vertx) {
    Actor remote = services.actors().upsertRemote(new ActorFields("https://remote.example/users/bob", false, ActorType.Person,
        "bob", "remote.example", "Bob", null, "https://remote.example/@bob", "https://remote.example/users/bob/inbox",
        "https://remote.example/inbox", null, null, null, false, null)).await();
    services.actors().pool().withTransaction(tx -> services.follows().upsert(tx, remote.id(), north.id(),
        FollowRepository.State.accepted, "https://remote.example/follows/1", new JsonObject())).await();

    JsonObject collection = torg.getActivityJson(vertx, "/groups/north/followers").send().await().bodyAsJsonObject();
    assertEquals("OrderedCollection", collection.getString("type"));
    assertEquals(1, collection.getLong("totalItems"));
    assertEquals("https://torg.test/groups/north/followers?page=1", collection.getString("first"));
    JsonObject page = torg.getActivityJson(vertx, "/groups/north/followers?page=1").send().await().bodyAsJsonObject();
    assertEquals("OrderedCollectionPage", page.getString("type"));
    assertEquals("https://torg.test/groups/north/followers", page.getString("partOf"));
    assertEquals(new JsonArray().add("https://remote.example/users/bob"), page.getJsonArray("orderedItems"));
    assertFalse(page.containsKey("next"));

    JsonObject following = torg.getActivityJson(vertx, "/users/alice/following").send().await().bodyAsJsonObject();
    assertEquals(0, following.getLong("totalItems"));
    JsonObject outbox = torg.getActivityJson(vertx, "/users/alice/outbox").send().await().bodyAsJsonObject();
    assertEquals("https://torg.test/users/alice/outbox", outbox.getString("id"));
    assertEquals(400, torg.getActivityJson(vertx, "/users/alice/followers?page=x").send().await().statusCode());
  }

  @Test
  void namesAreValidatedAndAPersonAndAGroupNeverShareOne() {
    assertEquals(422, statusOf(() -> services.localActors().create(ActorType.Person, "Bad Name", null, null, false).await()));
    assertEquals(422, statusOf(() -> services.localActors().create(ActorType.Person, "a..b-", null, null, false).await()));
    assertEquals(409, statusOf(() -> services.localActors().create(ActorType.Person, "north", null, null, false).await()));
    assertEquals(409, statusOf(() -> services.localActors().create(ActorType.Group, "alice", null, null, false).await()));
    assertEquals(409, statusOf(() -> services.localActors().create(ActorType.Person, "torg.test", null, null, false).await()));
  }

  private static int statusOf(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (HttpError e) {
      return e.status();
    } catch (CompletionException e) {
      return e.getCause() instanceof HttpError h ? h.status() : 500;
    }
  }
}
