package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.JsonMutations;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.SharedFixtures;
import org.torg.server.support.TestDatabase;

/**
 * Property-based fuzzing of the inbox with real payloads: every activity of the shared fixture
 * corpus (objects wrapped in a Create), moved onto a test peer's origin so that its signature
 * verifies and its ids are the signer's, then mutated (fields removed, replaced by wrong types,
 * hostile strings, deep nesting, or pointed at this Torg's own Group, thread and users). Whatever
 * comes in: no 5xx, no stack trace in the answer, nothing stored for a refused one, and an
 * accepted one is processed by the inbox worker to an outcome instead of failing in a handler.
 */
class FuzzInboxTest {

  static Vertx vertx;
  static RunningTorg torg;
  static FakePeer peer;
  static List<Path> fixtures;
  static List<String> torgUris;

  /** The corpus's origins: every http(s) URL's scheme://host[:port]. */
  private static final Pattern ORIGIN = Pattern.compile("https?://[^/\"\\s?#<>\\\\]+");
  /** Context and vocabulary origins stay: they name terms, nobody fetches them. */
  private static final Pattern VOCABULARIES = Pattern.compile("w3\\.org|w3id\\.org|purl\\.org|schema\\.org|joinmastodon\\.org|ostatus\\.org");

  @BeforeContainer
  static void start() throws IOException {
    fixtures = SharedFixtures.all();
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        // Many activities from one actor in a short time: the spam-wave limit is not what is tested here.
        "TORG_MODERATION_INBOUND_PER_ACTOR_PER_MINUTE", "0", "TORG_MODERATION_INBOUND_PER_DOMAIN_PER_MINUTE", "0"));
    var api = torg.api(vertx);
    String admin = api.newAdmin("fuzzadmin").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "branch"));
    JsonObject thread = api.post("/api/v1/groups/branch/threads", admin, new JsonObject().put("title", "Buses")
        .put("content", "Night buses?")).bodyAsJsonObject();
    torgUris = List.of("http://torg.test/groups/branch", "http://torg.test/users/fuzzadmin",
        thread.getJsonObject("root").getString("uri"), "http://torg.test/groups/branch/followers", "http://torg.test/inbox");
    peer = FakePeer.start(vertx);
    peer.addActor("fuzzer");
  }

  @AfterContainer
  static void stop() {
    if (peer != null) {
      peer.close();
    }
    if (torg != null) {
      torg.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  record Case(int fixture, List<JsonMutations.Mutation> mutations) {}

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.integers().between(0, fixtures.size() - 1),
        JsonMutations.mutations(torgUris).list().ofMaxSize(4)).as(Case::new);
  }

  @Property(tries = 200)
  void anyMutatedRealActivityGetsAnAnswerWithoutAServerErrorAndIsProcessedOrRefusedWhole(@ForAll("cases") Case c)
      throws IOException {
    check(c, Set.of());
  }

  /** The same, with the activity's own id, type and actor kept: the mutations reach the handlers. */
  @Property(tries = 300)
  void mutationsBelowTheActivityReachTheHandlersAndNeverFailThem(@ForAll("cases") Case c) throws IOException {
    check(c, Set.of("id", "type", "actor", "@context"));
  }

  /**
   * Every post-like object of the corpus (Note, Page, Article, Question, ...) as a reply in this
   * Torg's thread, mutated below the activity: the paths that store, sanitize and Announce a
   * remote post.
   */
  @Property(tries = 250)
  void mutatedRealRepliesInTorgsThreadAreStoredOrRefusedWithoutAServerError(@ForAll("replies") Case c) throws IOException {
    check(c, Set.of("id", "type", "actor", "@context"));
  }

  @Provide
  Arbitrary<Case> replies() {
    return Combinators.combine(Arbitraries.of(postLike()), JsonMutations.mutations(torgUris).list().ofMaxSize(4)).as(Case::new);
  }

  private static List<Integer> postLike() {
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < fixtures.size(); i++) {
      try {
        JsonObject doc = new JsonObject(Files.readString(fixtures.get(i)));
        Object object = doc.getValue("object");
        JsonObject post = object instanceof JsonObject o ? o : doc;
        if (Set.of("Note", "Page", "Article", "Question", "Event", "Video").contains(String.valueOf(post.getValue("type")))) {
          out.add(i);
        }
      } catch (IOException | RuntimeException e) {
        // not a JSON object: not a post
      }
    }
    return out;
  }

  private void check(Case c, Set<String> keptRootKeys) throws IOException {
    JsonObject moved = onPeersOrigin(Files.readString(fixtures.get(c.fixture())));
    if (moved.getValue("object") instanceof JsonObject object && object.containsKey("attributedTo")) {
      object.put("inReplyTo", torgUris.get(2)).put("attributedTo", peer.actorUri("fuzzer"));
    }
    if (moved.getValue("object") instanceof JsonObject object && object.getValue("id") instanceof String) {
      object.put("id", peer.base() + "/fuzz/objects/" + UUID.randomUUID()); // new to Torg every time
    }
    JsonObject activity = JsonMutations.apply(moved, c.mutations(), keptRootKeys);
    // The id is the peer's, fresh for every try, so each case is new to the inbox (a repeated
    // id would only test deduplication); a mutation that removed or broke it stays broken.
    Object id = activity.getValue("id");
    String uniqueId = peer.base() + "/fuzz/" + UUID.randomUUID();
    if (id instanceof String) {
      activity.put("id", uniqueId);
    }
    HttpResponse<Buffer> answer = peer.post(torg.port(), "torg.test", "/inbox", activity, "fuzzer", SignatureFormat.DRAFT_CAVAGE);
    String label = fixtures.get(c.fixture()) + " " + c.mutations() + " -> " + answer.statusCode() + " " + answer.bodyAsString();
    assertTrue(answer.statusCode() < 500, label);
    String body = answer.bodyAsString() == null ? "" : answer.bodyAsString();
    assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("org.torg."), "no internals: " + label);
    if (!(id instanceof String)) {
      return;
    }
    List<Row> stored = inboxRows(uniqueId);
    if (answer.statusCode() >= 400) {
      assertEquals(List.of(), stored.stream().map(Row::toJson).toList(), "a refused activity leaves no row: " + label);
      return;
    }
    if (stored.isEmpty()) {
      return; // 202 and dropped (not for us, or signer is not the actor): nothing stored, as designed
    }
    // Handlers turn what they cannot use into an outcome (ignored:..., rejected:...); an
    // exception is retried with back-off and shows as last_error: a handler that threw.
    Eventually.holds("the inbox worker processed " + uniqueId, Duration.ofSeconds(15),
        () -> !inboxRows(uniqueId).get(0).getString("state").equals("queued")
            || inboxRows(uniqueId).get(0).getString("last_error") != null);
    Row row = inboxRows(uniqueId).get(0);
    assertEquals("done", row.getString("state"), "processed to an outcome, not failed (" + row.getString("last_error") + "): " + label);
  }

  private static List<Row> inboxRows(String activityUri) {
    var rows = torg.torg().services().pool()
        .preparedQuery("SELECT state, outcome, last_error FROM inbox_activity WHERE activity_uri = $1")
        .execute(Tuple.of(activityUri)).await();
    List<Row> out = new java.util.ArrayList<>();
    rows.forEach(out::add);
    return out;
  }

  /**
   * The fixture as if the fuzz peer had sent it: every origin in it becomes the peer's (so a
   * fetch Torg makes reaches the peer and nothing outside this machine), its actor the peer's
   * actor; an object that is not an activity is wrapped in a Create.
   */
  static JsonObject onPeersOrigin(String json) {
    JsonObject doc = new JsonObject(json);
    JsonMutations.rewriteStrings(doc, s -> ORIGIN.matcher(s).replaceAll(r -> Matcher.quoteReplacement(
        VOCABULARIES.matcher(r.group()).find() ? r.group() : peer.base())));
    String actor = peer.actorUri("fuzzer");
    // Whoever the fixture names as its sender (the actor, or an object's author) becomes the peer's actor.
    Object declared = doc.containsKey("actor") ? doc.getValue("actor") : doc.getValue("attributedTo");
    String declaredUri = declared instanceof String s ? s : declared instanceof JsonObject o ? o.getString("id") : null;
    if (!doc.containsKey("actor")) {
      JsonObject object = doc.copy();
      object.remove("@context");
      doc = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", peer.base() + "/create")
          .put("type", "Create").put("actor", actor).put("object", object);
    }
    if (declaredUri != null) {
      String from = declaredUri;
      JsonMutations.rewriteStrings(doc, s -> s.equals(from) ? actor : s);
    }
    doc.put("actor", actor);
    if (!doc.containsKey("to") && !doc.containsKey("cc")) {
      doc.put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
    }
    return doc;
  }
}
