package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * GET /api/v1/resolve, the backfill of remote threads it starts (from a context collection, or
 * by walking replies collections), and thread reads that are cached per version with an ETag.
 * Two fake servers play Mastodon-like peers: posts, collections and pages served as JSON.
 */
class ResolveAndBackfillTest {

  private static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static FakePeer other;
  static String citizen;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    other = FakePeer.start(vertx);
    peer.addActor("rita");
    peer.addActor("sam");
    other.addActor("olga");
    citizen = api.newCitizen("reader").accessToken();
  }

  @AfterAll
  static void stop() {
    peer.close();
    other.close();
    torg.close();
    vertx.close().await();
  }

  private static JsonObject note(FakePeer on, String author, String inReplyTo, String content) {
    String id = on.base() + "/notes/" + UUID.randomUUID();
    return new JsonObject().put("id", id).put("type", "Note").put("attributedTo", on.actorUri(author))
        .put("inReplyTo", inReplyTo).put("content", content).put("published", Instant.now().toString())
        .put("to", new JsonArray().add(PUBLIC)).put("cc", new JsonArray().add(on.actorUri(author) + "/followers"));
  }

  /** A replies collection as Mastodon serves it: the first page embedded, the rest on further pages. */
  private static void repliesOf(FakePeer on, JsonObject post, List<List<String>> pages) {
    String collection = post.getString("id") + "/replies";
    JsonObject first = null;
    for (int i = pages.size() - 1; i >= 0; i--) {
      JsonObject page = new JsonObject().put("id", collection + "?page=" + (i + 1)).put("type", "CollectionPage")
          .put("partOf", collection).put("items", new JsonArray(new ArrayList<>(pages.get(i))));
      if (first != null) {
        page.put("next", first.getString("id"));
        on.serve(first);
      }
      first = page;
    }
    post.put("replies", new JsonObject().put("id", collection).put("type", "Collection").put("first", first));
  }

  private static HttpResponse<Buffer> resolve(String q, String token) {
    return api.get("/api/v1/resolve?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
  }

  private static JsonObject thread(String id) {
    HttpResponse<Buffer> r = api.get("/api/v1/threads/" + id, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static List<String> uris(JsonObject post) {
    List<String> out = new ArrayList<>();
    out.add(post.getString("uri"));
    for (Object reply : post.getJsonArray("replies")) {
      out.addAll(uris((JsonObject) reply));
    }
    return out;
  }

  @Test
  void anActorUrlResolvesToTheActor() {
    HttpResponse<Buffer> r = resolve(peer.actorUri("rita"), citizen);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("actor", body.getString("type"));
    assertEquals(peer.actorUri("rita"), body.getJsonObject("actor").getString("uri"));
    assertEquals("@rita@" + peer.authority(), body.getJsonObject("actor").getString("handle"));
    assertFalse(body.getJsonObject("actor").getBoolean("local"));
    assertNull(body.getValue("post"));
  }

  @Test
  void aLocalHandleResolvesWithoutFetching() {
    JsonObject body = resolve("@reader@torg.test", citizen).bodyAsJsonObject();
    assertEquals("actor", body.getString("type"));
    assertTrue(body.getJsonObject("actor").getBoolean("local"));
    assertEquals("http://torg.test/users/reader", body.getJsonObject("actor").getString("uri"));
  }

  @Test
  void aRemotePostResolvesAndItsThreadIsFilledInByWalkingReplies() {
    JsonObject root = note(peer, "rita", null, "<p>Should the library open on Sundays?</p>").put("name", "Sunday library");
    JsonObject a = note(peer, "sam", root.getString("id"), "<p>Yes</p>");
    JsonObject b = note(other, "olga", root.getString("id"), "<p>From another server: yes, and evenings.</p>");
    JsonObject a1 = note(peer, "rita", a.getString("id"), "<p>Agreed</p>");
    JsonObject a1x = note(peer, "sam", a1.getString("id"), "<p>Deep</p>");
    JsonObject stray = note(other, "olga", null, "<p>Unrelated post listed by a hostile collection</p>");
    // root's replies over two pages; a's replies list a1; a1's list a1x and a post of another thread;
    // b (on another server) claims a replies collection on the first server: not on its origin, not read.
    repliesOf(peer, root, List.of(List.of(a.getString("id")), List.of(b.getString("id"))));
    repliesOf(peer, a, List.of(List.of(a1.getString("id"))));
    repliesOf(peer, a1, List.of(List.of(a1x.getString("id"), stray.getString("id"))));
    String elsewhere = peer.base() + "/notes/not-bs-collection";
    b.put("replies", elsewhere);
    peer.serve(new JsonObject().put("id", elsewhere).put("type", "OrderedCollection")
        .put("orderedItems", new JsonArray().add(stray.getString("id"))));
    for (JsonObject n : List.of(root, a, a1, a1x)) {
      peer.serve(n);
    }
    other.serve(b);
    other.serve(stray);

    // Resolving the deepest reply stores it with its ancestors; the walk from the root adds the rest.
    HttpResponse<Buffer> r = resolve(a1x.getString("id"), citizen);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("post", body.getString("type"));
    assertEquals(a1x.getString("id"), body.getJsonObject("post").getString("uri"));
    String threadId = body.getJsonObject("thread").getString("id");
    assertFalse(body.getJsonObject("thread").getBoolean("local"));

    Eventually.holds("the whole thread is backfilled", Duration.ofSeconds(10),
        () -> uris(thread(threadId).getJsonObject("root")).size() == 5, () -> thread(threadId).encodePrettily());
    JsonObject tree = thread(threadId).getJsonObject("root");
    assertEquals(root.getString("id"), tree.getString("uri"));
    List<String> all = uris(tree);
    assertTrue(all.containsAll(List.of(a.getString("id"), b.getString("id"), a1.getString("id"), a1x.getString("id"))), all.toString());
    assertEquals(0, peer.getsOf("/notes/not-bs-collection"), "a replies collection on another origin than its post is not read");
    assertEquals(404, resolveStored(stray.getString("id")), "a post of another thread listed in a collection is not stored");
  }

  /** The status of looking up a post through the API without fetching: 404 when it is not stored. */
  private static int resolveStored(String uri) {
    return torg.torg().services().posts().posts().findByUri(uri).await().isPresent() ? 200 : 404;
  }

  @Test
  void aThreadWithAContextCollectionIsFilledInFromIt() {
    String context = peer.base() + "/contexts/" + UUID.randomUUID();
    JsonObject root = note(peer, "rita", null, "<p>Bike lanes on Main Street?</p>").put("name", "Bike lanes").put("context", context);
    JsonObject r1 = note(peer, "sam", root.getString("id"), "<p>Please</p>").put("context", context);
    JsonObject r2 = note(other, "olga", r1.getString("id"), "<p>Me too</p>").put("context", context);
    JsonObject r3 = note(peer, "rita", root.getString("id"), "<p>Noted</p>").put("context", context);
    JsonObject stray = note(other, "olga", null, "<p>Not part of it</p>");
    for (JsonObject n : List.of(root, r1, r3)) {
      peer.serve(n);
    }
    other.serve(r2);
    other.serve(stray);
    // FEP-f228: an OrderedCollection of every post, root first, over two pages.
    peer.serve(new JsonObject().put("id", context + "?page=2").put("type", "OrderedCollectionPage")
        .put("orderedItems", new JsonArray().add(r3.getString("id")).add(stray.getString("id"))));
    peer.serve(new JsonObject().put("id", context).put("type", "OrderedCollection").put("totalItems", 5)
        .put("first", new JsonObject().put("type", "OrderedCollectionPage").put("next", context + "?page=2")
            .put("orderedItems", new JsonArray().add(root.getString("id")).add(r1.getString("id")).add(r2.getString("id")))));

    HttpResponse<Buffer> r = resolve(root.getString("id"), citizen);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    String threadId = r.bodyAsJsonObject().getJsonObject("thread").getString("id");
    Eventually.holds("the thread is filled in from its context", Duration.ofSeconds(10),
        () -> uris(thread(threadId).getJsonObject("root")).size() == 4, () -> thread(threadId).encodePrettily());
    assertTrue(peer.getsOf(java.net.URI.create(context).getRawPath()) >= 1);
    assertEquals(404, resolveStored(stray.getString("id")), "a post of another thread listed in the context is not stored");
  }

  @Test
  void aPostsPageUrlResolvesToThePostOfItsServer() {
    JsonObject post = note(peer, "sam", null, "<p>Page URL</p>");
    peer.serve(post);
    String page = "/@sam/" + UUID.randomUUID();
    peer.serveAt(page, post);
    HttpResponse<Buffer> r = resolve(peer.base() + page, citizen);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals(post.getString("id"), r.bodyAsJsonObject().getJsonObject("post").getString("uri"));

    // A page that names a post on another server is not followed there.
    String foreign = "/@sam/" + UUID.randomUUID();
    JsonObject elsewhere = note(other, "olga", null, "<p>Elsewhere</p>");
    other.serve(elsewhere);
    peer.serveAt(foreign, elsewhere);
    HttpResponse<Buffer> refused = resolve(peer.base() + foreign, citizen);
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertEquals(0, other.getsOf(java.net.URI.create(elsewhere.getString("id")).getRawPath()));
  }

  @Test
  void whatCannotBeResolvedGetsAClearError() {
    assertEquals(401, resolve(peer.actorUri("rita"), null).statusCode());
    assertEquals(400, api.get("/api/v1/resolve", citizen).statusCode());
    assertEquals(400, resolve("x".repeat(3000), citizen).statusCode());
    assertEquals(422, resolve("not a handle", citizen).statusCode());
    assertEquals(404, resolve("http://torg.test/posts/999999", citizen).statusCode());
    assertEquals(404, resolve("@nobody@torg.test", citizen).statusCode());
    assertEquals(422, resolve(peer.base() + "/notes/never-served", citizen).statusCode());

    JsonObject direct = note(peer, "rita", null, "<p>secret</p>").put("to", new JsonArray().add(peer.actorUri("sam")))
        .put("cc", new JsonArray());
    peer.serve(direct);
    HttpResponse<Buffer> r = resolve(direct.getString("id"), citizen);
    assertEquals(422, r.statusCode(), r.bodyAsString());
    assertEquals("unresolvable", r.bodyAsJsonObject().getString("error"));
    assertEquals(404, resolveStored(direct.getString("id")), "a post that is not public is not stored");

    JsonObject notAPost = new JsonObject().put("id", peer.base() + "/things/1").put("type", "Place").put("name", "Somewhere");
    peer.serve(notAPost);
    assertEquals(422, resolve(notAPost.getString("id"), citizen).statusCode());
  }

  @Test
  void threadReadsCarryAnEtagThatChangesWithTheThread() {
    String admin = api.newAdmin("etagchair").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "etags"));
    JsonObject opened = api.post("/api/v1/groups/etags/threads", admin, new JsonObject().put("title", "Cached").put("content", "Hi"))
        .bodyAsJsonObject();
    String id = opened.getString("id");
    String rootId = opened.getJsonObject("root").getString("id");

    HttpResponse<Buffer> first = api.get("/api/v1/threads/" + id, null);
    String etag = first.getHeader("ETag");
    assertTrue(etag != null && !etag.isBlank());
    HttpResponse<Buffer> again = api.request(HttpMethod.GET, "/api/v1/threads/" + id).putHeader("If-None-Match", etag).send().await();
    assertEquals(304, again.statusCode());

    // A like is a change: the very next read shows it, under a new tag.
    assertEquals(204, api.post("/api/v1/posts/" + rootId + "/like", citizen, null).statusCode());
    HttpResponse<Buffer> liked = api.request(HttpMethod.GET, "/api/v1/threads/" + id).putHeader("If-None-Match", etag).send().await();
    assertEquals(200, liked.statusCode());
    assertNotEquals(etag, liked.getHeader("ETag"));
    assertEquals(1, liked.bodyAsJsonObject().getJsonObject("root").getInteger("likes"));

    // So is a reply and an edit.
    JsonObject reply = api.post("/api/v1/posts/" + rootId + "/replies", citizen, new JsonObject().put("content", "First!"))
        .bodyAsJsonObject();
    assertEquals(1, thread(id).getJsonObject("root").getJsonArray("replies").size());
    api.send(HttpMethod.PATCH, "/api/v1/posts/" + reply.getString("id"), citizen, new JsonObject().put("content", "Second thoughts"));
    assertTrue(thread(id).getJsonObject("root").getJsonArray("replies").getJsonObject(0).getString("content")
        .contains("Second thoughts"));
    assertEquals(404, api.get("/api/v1/threads/99999999", null).statusCode());

    // Clients that accept gzip get the same JSON, compressed once per version rather than per read.
    HttpResponse<Buffer> gzipped = api.request(HttpMethod.GET, "/api/v1/threads/" + id)
        .putHeader("Accept-Encoding", "br;q=1.0, gzip;q=0.8").send().await();
    assertEquals("gzip", gzipped.getHeader("Content-Encoding"));
    assertEquals(thread(id), new JsonObject(gunzip(gzipped.body().getBytes())));
    HttpResponse<Buffer> refused = api.request(HttpMethod.GET, "/api/v1/threads/" + id)
        .putHeader("Accept-Encoding", "gzip;q=0, identity").send().await();
    assertNull(refused.getHeader("Content-Encoding"));
    assertEquals(thread(id), refused.bodyAsJsonObject());
  }

  private static String gunzip(byte[] bytes) {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new AssertionError("not gzip", e);
    }
  }
}
