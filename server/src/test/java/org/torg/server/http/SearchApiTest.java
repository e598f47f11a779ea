package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * Search (GET /api/v1/search) on a Swedish instance (search.default_language: sv): words found by
 * their stems in each post's language, remote posts as they arrive, and only what the reader may
 * read; bad input gets 400.
 */
class SearchApiTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static String admin;
  static String writer;
  static String banned;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://search.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_SEARCH_DEFAULT_LANGUAGE", "sv"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    peer.addActor("ola");
    peer.addActor("faraway");
    admin = api.newAdmin("chair").accessToken();
    writer = api.newCitizen("writer").accessToken();
    banned = api.newCitizen("heckler").accessToken();
    for (String group : new String[] {"torget", "hamnen"}) {
      api.post("/api/v1/groups", admin, new JsonObject().put("name", group).put("displayName", "Torget " + group));
      api.send(HttpMethod.PUT, "/api/v1/groups/" + group + "/members/writer", admin, new JsonObject().put("role", "member"));
    }
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  static JsonObject thread(String group, String title, String content) {
    HttpResponse<Buffer> r = api.post("/api/v1/groups/" + group + "/threads", writer,
        new JsonObject().put("title", title).put("content", content));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject search(String token, String q, String type) {
    HttpResponse<Buffer> r = api.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&type=" + type, token);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonArray results(String token, String q, String type) {
    return search(token, q, type).getJsonArray("results");
  }

  @Test
  void aSwedishWordFindsItsInflectedFormsRankedAndMarked() {
    JsonObject t = thread("torget", "Skolan i centrum", "Vi behöver fler skolor och bättre lärare i kommunen.");
    thread("torget", "Om parkering", "Parkeringen vid stationen är full varje morgon.");
    JsonArray threads = results(null, "skolorna", "threads");
    assertEquals(1, threads.size(), threads.encode());
    JsonObject hit = threads.getJsonObject(0);
    assertEquals(t.getString("id"), hit.getString("id"));
    assertEquals("Skolan i centrum", hit.getString("title"));
    assertEquals("torget", hit.getJsonObject("group").getString("name"));
    assertTrue(hit.getString("snippet").contains("<mark>skolor</mark>"), hit.getString("snippet"));

    JsonArray posts = results(null, "lärarna", "posts");
    assertEquals(1, posts.size(), posts.encode());
    assertEquals(t.getJsonObject("root").getString("id"), posts.getJsonObject(0).getJsonObject("post").getString("id"));
    assertEquals(t.getString("id"), posts.getJsonObject(0).getJsonObject("thread").getString("id"));
  }

  @Test
  void aSnippetEscapesWhatThePostSays() {
    thread("torget", "Taggar", "Skriv `<script>alert(1)</script>` aldrig i en cykelbana & annat.");
    String snippet = results(null, "cykelbanor", "posts").getJsonObject(0).getString("snippet");
    assertFalse(snippet.contains("<script>"), snippet);
    assertTrue(snippet.contains("&lt;script&gt;"), snippet);
    assertTrue(snippet.contains("<mark>cykelbana</mark>"), snippet);
  }

  @Test
  void aRemoteReplyIsFoundAsItArrivesByItsOwnLanguage() {
    JsonObject t = thread("hamnen", "Barn i hamnen", "Vad behöver barnfamiljerna?");
    String noteId = peer.base() + "/notes/" + UUID.randomUUID();
    JsonObject note = new JsonObject().put("id", noteId).put("type", "Note").put("attributedTo", peer.actorUri("ola"))
        .put("inReplyTo", t.getJsonObject("root").getString("uri"))
        .put("contentMap", new JsonObject().put("nb", "<p>Vi trenger flere barnehager ved sjøen.</p>"))
        .put("published", Instant.now().toString())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
    HttpResponse<Buffer> r = peer.post(torg.port(), "search.test", "/inbox", peer.activity("Create", "ola", note), "ola",
        SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
    Eventually.holds("the Norwegian reply is found by another form of its word", Duration.ofSeconds(15),
        () -> results(null, "barnehagene", "posts").size() == 1, () -> results(null, "barnehagene", "posts").encode());
    JsonObject found = results(null, "barnehagene", "posts").getJsonObject(0);
    assertEquals(noteId, found.getJsonObject("post").getString("uri"));
    assertEquals(t.getString("id"), found.getJsonObject("thread").getString("id"));
  }

  @Test
  void aRemovedPostIsNotFound() {
    JsonObject t = thread("torget", "Kvarnen", "Kvarnstensgatan behöver nya träd.");
    assertEquals(1, results(null, "kvarnstensgatan", "posts").size());
    String postId = t.getJsonObject("root").getString("id");
    String report = api.post("/api/v1/reports", admin, new JsonObject().put("targetAccount", "@writer@search.test")
        .put("posts", new JsonArray().add(postId)).put("comment", "test")).bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> resolved = api.post("/api/v1/admin/reports/" + report + "/resolve", admin,
        new JsonObject().put("action", "delete_post").put("reason", "testing search"));
    assertEquals(200, resolved.statusCode(), resolved.bodyAsString());
    assertEquals(0, results(null, "kvarnstensgatan", "posts").size());
    assertEquals(0, results(admin, "kvarnstensgatan", "threads").size());
  }

  @Test
  void aReaderBannedFromAGroupFindsNothingOfItsThreadsAndOthersDo() {
    thread("hamnen", "Fiskeboden", "Fiskebodarna vid kajen ska rivas.");
    thread("torget", "Fisketorget", "Fiskebodarna på torget får stå kvar.");
    HttpResponse<Buffer> ban = api.post("/api/v1/groups/hamnen/bans", admin,
        new JsonObject().put("account", "@heckler@search.test").put("reason", "testing search"));
    assertEquals(201, ban.statusCode(), ban.bodyAsString());
    List<String> seenByBanned = results(banned, "fiskebod", "threads").stream()
        .map(o -> ((JsonObject) o).getJsonObject("group").getString("name")).toList();
    assertEquals(List.of("torget"), seenByBanned);
    assertEquals(2, results(null, "fiskebod", "threads").size(), "a signed-out reader is banned from nothing");
    assertEquals(2, results(writer, "fiskebod", "threads").size());
  }

  @Test
  void aSuspendedAccountsPostsAreFoundByNobody() {
    String loud = api.newCitizen("loud").accessToken();
    api.send(HttpMethod.PUT, "/api/v1/groups/torget/members/loud", admin, new JsonObject().put("role", "member"));
    HttpResponse<Buffer> r = api.post("/api/v1/groups/torget/threads", loud,
        new JsonObject().put("title", "Reklam").put("content", "Köp solglasögon billigt här."));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals(1, results(null, "solglasögonen", "posts").size());
    HttpResponse<Buffer> suspend = api.post("/api/v1/admin/sanctions", admin,
        new JsonObject().put("account", "@loud@search.test").put("level", "suspend").put("reason", "spam"));
    assertEquals(201, suspend.statusCode(), suspend.bodyAsString());
    assertEquals(0, results(null, "solglasögonen", "posts").size());
    assertEquals(0, results(admin, "solglasögonen", "threads").size());
    assertEquals(0, results(null, "loud", "accounts").size());
  }

  @Test
  void resultsComeInPagesWithALinkToTheNext() {
    for (int i = 0; i < 3; i++) {
      thread("torget", "Busslinje " + i, "Bussarna på linje " + i + " går för sällan.");
    }
    HttpResponse<Buffer> first = api.get("/api/v1/search?q=bussen&type=threads&limit=2", null);
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertEquals(2, first.bodyAsJsonObject().getJsonArray("results").size());
    String next = first.bodyAsJsonObject().getString("next");
    assertNotNull(next);
    JsonObject second = api.get(next, null).bodyAsJsonObject();
    assertEquals(1, second.getJsonArray("results").size(), second.encode());
    assertNull(second.getValue("next"));
  }

  @Test
  void groupsAndAccountsAreFoundByName() {
    JsonArray groups = results(null, "hamn", "groups");
    assertEquals(1, groups.size(), groups.encode());
    assertEquals("@hamnen@search.test", groups.getJsonObject(0).getString("handle"));
    assertEquals("Group", groups.getJsonObject(0).getString("type"));
    JsonArray people = results(null, "writ", "accounts");
    assertEquals("@writer@search.test", people.getJsonObject(0).getString("handle"));
    assertEquals(0, results(null, "writ", "groups").size());
  }

  @Test
  void aHandleOrUrlIsResolvedAndOnlyASignedInReaderMakesThisServerFetch() {
    JsonObject local = search(null, "@torget@search.test", "groups").getJsonObject("resolved");
    assertEquals("actor", local.getString("type"));
    assertEquals("http://search.test/groups/torget", local.getJsonObject("actor").getString("uri"));
    JsonObject t = thread("torget", "Adresser", "En tråd att klistra in.");
    JsonObject post = search(null, t.getJsonObject("root").getString("uri"), "posts").getJsonObject("resolved");
    assertEquals("post", post.getString("type"));
    assertEquals(t.getJsonObject("root").getString("id"), post.getJsonObject("post").getString("id"));

    String remote = peer.actorUri("faraway");
    int before = peer.getsOf("/users/faraway");
    assertNull(search(null, remote, "accounts").getValue("resolved"), "signed out: only what is stored");
    assertEquals(before, peer.getsOf("/users/faraway"), "a signed-out search fetched nothing");
    JsonObject fetched = search(writer, remote, "accounts").getJsonObject("resolved");
    assertEquals(remote, fetched.getJsonObject("actor").getString("uri"));
    assertNotNull(search(null, remote, "accounts").getJsonObject("resolved"), "stored now, so found signed out too");
    assertNull(search(writer, "@nobody@unreachable.invalid", "accounts").getValue("resolved"),
        "an address that resolves to nothing still searches");
  }

  @Test
  void aRareWordInAnOldPostIsFoundBehindTwentyThousandNewerOnes() {
    // More new posts than the window a common word is ranked in (SearchRepository.WINDOW_POSTS):
    // the common word is then ranked among the newest posts, the rare one among all.
    JsonObject t = thread("torget", "Värmen", "Ett ovanligt ämne: fjärrvärmen.");
    long threadId = Long.parseLong(t.getString("id"));
    var pool = torg.torg().services().pool();
    long author = pool.query("SELECT id FROM actor WHERE local AND username = 'writer'").execute().await().iterator().next().getLong(0);
    pool.preparedQuery("INSERT INTO post (uri, thread_id, author_id, local, content, published)"
        + " SELECT 'http://search.test/filler/' || g, $1, $2, false, '<p>Kommunens budget för år ' || g || '</p>', now()"
        + " FROM generate_series(1, 20500) g").execute(Tuple.of(threadId, author)).await();
    JsonArray old = results(null, "fjärrvärme", "posts");
    assertEquals(1, old.size(), old.encode());
    assertEquals(t.getJsonObject("root").getString("id"), old.getJsonObject(0).getJsonObject("post").getString("id"));
    JsonObject common = search(null, "budgeten", "posts");
    assertEquals(20, common.getJsonArray("results").size());
    assertNotNull(common.getString("next"));
  }

  @Test
  void readablePostsAreFoundBehindManyBetterRankedOnesOfASuspendedAccount() {
    // More better-ranked posts by a suspended account than a search checks at first
    // (SearchScopes: the best 2 x (offset + limit) + 20): it then checks them all.
    List<String> readable = new java.util.ArrayList<>();
    readable.add(thread("torget", "Zqgran zqgran", "Zqgran i titeln och i texten: zqgran.").getJsonObject("root").getString("id"));
    readable.add(thread("torget", "Zqgran", "Zqgran en gång till.").getJsonObject("root").getString("id"));
    String spammer = api.newCitizen("spammer").accessToken();
    api.send(HttpMethod.PUT, "/api/v1/groups/torget/members/spammer", admin, new JsonObject().put("role", "member"));
    long threadId = Long.parseLong(thread("torget", "Annat", "Något annat.").getString("id"));
    var pool = torg.torg().services().pool();
    long author = pool.query("SELECT id FROM actor WHERE local AND username = 'spammer'").execute().await().iterator().next().getLong(0);
    pool.preparedQuery("INSERT INTO post (uri, thread_id, author_id, local, name, content, published)"
        + " SELECT 'http://search.test/spam/' || g, $1, $2, false, 'Zqgran zqgran zqgran', '<p>zqgran zqgran zqgran zqgran</p>', now()"
        + " FROM generate_series(1, 100) g").execute(Tuple.of(threadId, author)).await();
    for (int i = 0; i < 3; i++) {
      readable.add(thread("hamnen", "Hamnen " + i, "Här nämns zqgran bara en gång, " + i + ".").getJsonObject("root").getString("id"));
    }
    assertEquals(20, results(null, "zqgran", "posts").size(), "before the suspension: a full page of the best, the spam");
    HttpResponse<Buffer> suspend = api.post("/api/v1/admin/sanctions", admin,
        new JsonObject().put("account", "@spammer@search.test").put("level", "suspend").put("reason", "spam"));
    assertEquals(201, suspend.statusCode(), suspend.bodyAsString());
    JsonArray posts = results(null, "zqgran", "posts");
    assertEquals(readable.stream().sorted().toList(),
        posts.stream().map(o -> ((JsonObject) o).getJsonObject("post").getString("id")).sorted().toList(), posts.encode());
    assertEquals(readable.get(0), posts.getJsonObject(0).getJsonObject("post").getString("id"), "still ranked: title and text first");
    assertEquals(5, results(null, "zqgran", "threads").size());
  }

  @Test
  void pagingOnFindsEveryMatchAlsoBeyondTheNewestPosts() {
    // 300 matches among 6,000 new posts: 250 among the newest 5,000, which a search ranks first
    // (SearchScopes.NEWEST_POSTS); the pages past them come from all posts, and nothing is lost.
    long threadId = Long.parseLong(thread("torget", "Fyllnad", "Många inlägg.").getString("id"));
    var pool = torg.torg().services().pool();
    long author = pool.query("SELECT id FROM actor WHERE local AND username = 'writer'").execute().await().iterator().next().getLong(0);
    pool.preparedQuery("INSERT INTO post (uri, thread_id, author_id, local, content, published)"
        + " SELECT 'http://search.test/many/' || g, $1, $2, false,"
        + " CASE WHEN g % 20 = 0 THEN '<p>zqmitt nummer ' || g || '</p>' ELSE '<p>annat ' || g || '</p>' END, now()"
        + " FROM generate_series(1, 6000) g").execute(Tuple.of(threadId, author)).await();
    java.util.Set<String> seen = new java.util.HashSet<>();
    int pages = 0;
    String next = "/api/v1/search?q=zqmitt&type=posts&limit=40";
    while (next != null) {
      HttpResponse<Buffer> r = api.get(next, null);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      for (Object o : r.bodyAsJsonObject().getJsonArray("results")) {
        assertTrue(seen.add(((JsonObject) o).getJsonObject("post").getString("id")), "a post on two pages");
      }
      next = r.bodyAsJsonObject().getString("next");
      pages++;
    }
    assertEquals(300, seen.size());
    assertEquals(8, pages);
  }

  @Test
  void badInputGetsA400AndAReason() {
    for (String query : new String[] {"", "q=", "q=%20%20", "q=" + "a".repeat(201), "q=x&type=hashtags", "q=x&limit=0",
        "q=x&limit=41", "q=x&limit=ten", "q=x&offset=-1", "q=x&offset=100000"}) {
      HttpResponse<Buffer> r = api.get("/api/v1/search?" + query, null);
      assertEquals(400, r.statusCode(), query + ": " + r.bodyAsString());
      assertEquals("bad_request", r.bodyAsJsonObject().getString("error"), query);
      assertFalse(r.bodyAsJsonObject().getString("message").isBlank(), query);
    }
    assertEquals(200, api.get("/api/v1/search?q=" + "a".repeat(200), null).statusCode(), "200 characters are fine");
    assertEquals(200, api.get("/api/v1/search?q=%22unclosed%20-%20or%20OR", null).statusCode(), "any words parse");
  }
}
