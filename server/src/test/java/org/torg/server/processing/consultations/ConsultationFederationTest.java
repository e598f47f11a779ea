package org.torg.server.processing.consultations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;

/**
 * A consultation from start to end, with a peer that votes and replies as Mastodon does: votes
 * counted once, stances read from the leading hashtag, the poll's final counts Updated to the
 * voters, the response's mentions delivered, and the report and export checked against numbers
 * worked out by hand.
 */
class ConsultationFederationTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static String chair;
  static String member;
  static String citizen;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.now());
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_CONSULTATIONS_POLL_CLOSE_CHECK_MILLIS", "200", "TORG_SESSIONS_ACCESS_TOKEN_MINUTES", "1440",
        "TORG_CONSULTATIONS_LICENCE", "CC-BY-SA-4.0"), clock);
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    for (String name : new String[] {"alice", "bob", "carol"}) {
      peer.addActor(name);
    }
    chair = api.newAdmin("chair").accessToken();
    member = api.newCitizen("member").accessToken();
    citizen = api.newCitizen("citizen").accessToken();
    assertEquals(201, api.post("/api/v1/groups", chair, new JsonObject().put("name", "city").put("replyPolicy", "anyone"))
        .statusCode());
    api.send(HttpMethod.PUT, "/api/v1/groups/city/members/member", chair, new JsonObject().put("role", "member"));
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  static JsonObject open(String token, JsonObject body, int status) {
    HttpResponse<Buffer> r = api.post("/api/v1/groups/city/consultations", token, body);
    assertEquals(status, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject consultation(String title, Duration input, Duration poll) {
    Instant now = clock.instant();
    JsonObject body = new JsonObject().put("title", title).put("content", "Should the **night bus** run?")
        .put("inputClosesAt", now.plus(input).toString());
    if (poll != null) {
      body.put("poll", new JsonObject().put("options", new JsonArray().add("Yes").add("No").add("Later")).put("multiple", false)
          .put("endsAt", now.plus(poll).toString()));
    }
    return open(chair, body, 201);
  }

  static JsonObject send(String signer, JsonObject object) {
    JsonObject activity = peer.activity("Create", signer, object);
    HttpResponse<Buffer> r = peer.post(torg.port(), "torg.test", "/inbox", activity, signer, SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
    return activity;
  }

  static String processed(String activityId) {
    Eventually.holds("activity " + activityId + " processed", WAIT, () -> outcome(activityId) != null);
    return outcome(activityId);
  }

  static String outcome(String activityId) {
    var rows = torg.torg().services().pool().preparedQuery("SELECT outcome FROM inbox_activity WHERE activity_uri = $1")
        .execute(Tuple.of(activityId)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  /** A vote exactly as Mastodon's VoteSerializer writes it: Create(Note{name, inReplyTo, to: the poll's author}). */
  static JsonObject mastodonVote(String voter, String questionUri, String option) {
    String id = peer.actorUri(voter) + "#votes/" + UUID.randomUUID();
    return new JsonObject().put("id", id).put("type", "Note").put("name", option).put("attributedTo", peer.actorUri(voter))
        .put("inReplyTo", questionUri).put("to", new JsonArray().add("http://torg.test/users/chair"));
  }

  /** A reply as Mastodon renders one: the hashtag a link, after a mention of the author replied to. */
  static JsonObject mastodonReply(String author, String inReplyTo, String html) {
    return new JsonObject().put("id", peer.base() + "/statuses/" + UUID.randomUUID()).put("type", "Note")
        .put("attributedTo", peer.actorUri(author)).put("inReplyTo", inReplyTo).put("content", html)
        .put("published", clock.instant().toString())
        .put("to", new JsonArray().add(PUBLIC)).put("cc", new JsonArray().add(peer.actorUri(author) + "/followers"));
  }

  static String hashtag(String tag) {
    return "<a href=\"https://mastodon.example/tags/" + tag + "\" class=\"mention hashtag\" rel=\"tag\">#<span>" + tag
        + "</span></a>";
  }

  static JsonObject thread(String id) {
    HttpResponse<Buffer> r = api.get("/api/v1/threads/" + id, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static String postId(String uri) {
    return torg.torg().services().posts().posts().findByUri(uri).await().map(p -> Long.toString(p.id())).orElseThrow();
  }

  static JsonObject reply(String token, String parentId, JsonObject body, int status) {
    HttpResponse<Buffer> r = api.post("/api/v1/posts/" + parentId + "/replies", token, body);
    assertEquals(status, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static Optional<JsonObject> received(String type, String match) {
    return peer.received().stream().map(FakePeer.Received::body)
        .filter(b -> type.equals(b.getString("type")) && b.encode().contains(match)).findFirst();
  }

  static List<Map<String, String>> csv(String text) throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void aConsultationFromQuestionToResponseWithReportAndExport() throws Exception {
    JsonObject opened = consultation("Night buses", Duration.ofHours(1), Duration.ofMinutes(30));
    String threadId = opened.getString("id");
    JsonObject c = opened.getJsonObject("consultation");
    assertEquals("open", c.getString("phase"));
    String questionUri = opened.getJsonObject("root").getString("uri");
    String rootId = opened.getJsonObject("root").getString("id");
    assertEquals(questionUri, c.getJsonObject("poll").getString("uri"));
    assertEquals(List.of(0, 0, 0), c.getJsonObject("poll").getJsonArray("options").stream()
        .map(o -> ((JsonObject) o).getInteger("votes")).toList());

    // The root federates as a Question Mastodon can show and vote on.
    HttpResponse<Buffer> ap = WebClient.create(vertx).get(torg.port(), "127.0.0.1", "/posts/" + rootId)
        .putHeader("Accept", "application/activity+json").send().await();
    JsonObject question = ap.bodyAsJsonObject();
    assertEquals("Question", question.getString("type"));
    assertEquals(3, question.getJsonArray("oneOf").size());
    assertEquals("Yes", question.getJsonArray("oneOf").getJsonObject(0).getString("name"));
    assertTrue(question.containsKey("endTime"));

    // Remote votes, as Mastodon sends them: counted once per actor.
    JsonObject aliceVote = mastodonVote("alice", questionUri, "Yes");
    assertEquals("vote_counted", processed(send("alice", aliceVote).getString("id")));
    assertEquals("ignored:repeated_vote", processed(send("alice", aliceVote).getString("id")), "the same vote in a new activity");
    assertEquals("ignored:repeated_vote", processed(send("alice", mastodonVote("alice", questionUri, "Yes")).getString("id")),
        "the same option again, as a new Note");
    assertEquals("ignored:already_voted", processed(send("alice", mastodonVote("alice", questionUri, "No")).getString("id")),
        "a single-choice poll takes one option per actor");
    assertEquals("vote_counted", processed(send("bob", mastodonVote("bob", questionUri, "No")).getString("id")));
    assertEquals("ignored:unknown_option", processed(send("carol", mastodonVote("carol", questionUri, "Maybe")).getString("id")));
    // A vote in carol's name signed by bob is not carol's vote.
    assertEquals("ignored:attributed_to_another_actor",
        processed(send("bob", mastodonVote("carol", questionUri, "Yes")).getString("id")));

    // Local votes through the API.
    assertEquals(422, api.post("/api/v1/threads/" + threadId + "/votes", citizen, new JsonObject().put("choices", new JsonArray().add(5)))
        .statusCode());
    assertEquals(422, api.post("/api/v1/threads/" + threadId + "/votes", citizen,
        new JsonObject().put("choices", new JsonArray().add(0).add(1))).statusCode());
    assertEquals(422, api.post("/api/v1/threads/" + threadId + "/votes", citizen, new JsonObject().put("choices", "0")).statusCode());
    assertEquals(401, api.post("/api/v1/threads/" + threadId + "/votes", null, new JsonObject().put("choices", new JsonArray().add(0)))
        .statusCode());
    assertEquals(204, api.post("/api/v1/threads/" + threadId + "/votes", citizen, new JsonObject().put("choices", new JsonArray().add(0)))
        .statusCode());
    HttpResponse<Buffer> again = api.post("/api/v1/threads/" + threadId + "/votes", citizen,
        new JsonObject().put("choices", new JsonArray().add(1)));
    assertEquals(409, again.statusCode());
    assertEquals("already_voted", again.bodyAsJsonObject().getString("error"));
    JsonObject poll = thread(threadId).getJsonObject("consultation").getJsonObject("poll");
    assertEquals(List.of(2, 1, 0), poll.getJsonArray("options").stream().map(o -> ((JsonObject) o).getInteger("votes")).toList());
    assertEquals(3, poll.getInteger("voters"));
    assertEquals(1, thread(threadId).getInteger("replies") + 1, "votes never appear as replies");

    // Replies with stances: remote ones by their leading hashtag, local ones by the API's field.
    JsonObject aliceReply = mastodonReply("alice", questionUri, "<p>" + hashtag("for") + " Yes, line 4 at least.</p>");
    assertEquals("reply_stored", processed(send("alice", aliceReply).getString("id")));
    JsonObject bobReply = mastodonReply("bob", questionUri, "<p><span class=\"h-card\"><a href=\"http://torg.test/users/chair\""
        + " class=\"u-url mention\">@<span>chair</span></a></span> " + hashtag("Against") + " Too expensive.</p>");
    assertEquals("reply_stored", processed(send("bob", bobReply).getString("id")));
    JsonObject carolReply = mastodonReply("carol", questionUri, "<p>I have no view, but #forest is a nice word.</p>");
    assertEquals("reply_stored", processed(send("carol", carolReply).getString("id")));
    assertEquals(422, api.post("/api/v1/posts/" + rootId + "/replies", citizen,
        new JsonObject().put("content", "Hm").put("stance", "maybe")).statusCode());
    JsonObject citizenReply = reply(citizen, rootId, new JsonObject().put("content", "Only on weekends.").put("stance", "amendment"), 201);
    assertEquals("amendment", citizenReply.getString("stance"));
    assertTrue(citizenReply.getString("content").contains("#amendment"), citizenReply.getString("content"));

    // Answers from the Group: to alice after 10 minutes, to the citizen after 20.
    String aliceId = postId(aliceReply.getString("id"));
    String bobId = postId(bobReply.getString("id"));
    String carolId = postId(carolReply.getString("id"));
    clock.advance(Duration.ofMinutes(10));
    reply(member, aliceId, new JsonObject().put("content", "We are looking at line 4."), 201);
    clock.advance(Duration.ofMinutes(10));
    reply(chair, citizenReply.getString("id"), new JsonObject().put("content", "Weekends are on the table."), 201);

    JsonObject tree = thread(threadId);
    Map<String, String> stances = new HashMap<>();
    tree.getJsonObject("root").getJsonArray("replies").forEach(o -> stances.put(((JsonObject) o).getString("id"),
        ((JsonObject) o).getString("stance")));
    assertEquals("for", stances.get(aliceId));
    assertEquals("against", stances.get(bobId));
    assertNull(stances.get(carolId), "#forest is not #for");

    // The poll ends: its final counts go to the voters' server as an Update of the Question.
    clock.advance(Duration.ofMinutes(11));
    Eventually.holds("the final Update reaches the voters", WAIT, () -> received("Update", "\"closed\"").isPresent());
    JsonObject closed = received("Update", "\"closed\"").orElseThrow().getJsonObject("object");
    assertEquals("Question", closed.getString("type"));
    assertEquals(questionUri, closed.getString("id"));
    assertEquals(2, closed.getJsonArray("oneOf").getJsonObject(0).getJsonObject("replies").getInteger("totalItems"));
    assertEquals(1, closed.getJsonArray("oneOf").getJsonObject(1).getJsonObject("replies").getInteger("totalItems"));
    assertEquals(3, closed.getInteger("votersCount"));
    assertEquals(1, peer.received().stream().filter(r -> "Update".equals(r.body().getString("type"))
        && r.body().encode().contains("\"closed\"")).count(), "closed once");
    assertEquals("ignored:poll_closed", processed(send("carol", mastodonVote("carol", questionUri, "Yes")).getString("id")));
    assertEquals(409, api.post("/api/v1/threads/" + threadId + "/votes", member,
        new JsonObject().put("choices", new JsonArray().add(0))).statusCode());
    assertFalse(thread(threadId).getJsonObject("consultation").getJsonObject("poll").getBoolean("open"));

    // No response while input is open; then input closes and so do replies.
    HttpResponse<Buffer> early = api.post("/api/v1/threads/" + threadId + "/response", chair, new JsonObject().put("content", "x"));
    assertEquals(409, early.statusCode());
    assertEquals("input_still_open", early.bodyAsJsonObject().getString("error"));
    clock.advance(Duration.ofMinutes(30));
    assertEquals("closed", thread(threadId).getJsonObject("consultation").getString("phase"));
    assertEquals(403, api.post("/api/v1/posts/" + rootId + "/replies", citizen, new JsonObject().put("content", "Late")).statusCode());
    assertEquals("rejected:reply_policy",
        processed(send("carol", mastodonReply("carol", questionUri, "<p>Late!</p>")).getString("id")));

    // The response: moderators only, citing replies of this consultation.
    assertEquals(403, api.post("/api/v1/threads/" + threadId + "/response", member,
        new JsonObject().put("content", "Decided.").put("cites", new JsonArray().add(aliceId))).statusCode());
    HttpResponse<Buffer> badCite = api.post("/api/v1/threads/" + threadId + "/response", chair,
        new JsonObject().put("content", "Decided.").put("cites", new JsonArray().add(aliceId).add(rootId)));
    assertEquals(422, badCite.statusCode());
    assertEquals("invalid_cites", badCite.bodyAsJsonObject().getString("error"));
    // Two responses sent at once (a double click, two chairs): one lands, the other rolls back
    // whole (its post, mentions and deliveries) with 409.
    JsonObject responseBody = new JsonObject().put("content", "Line 4 runs all night from May.").put("cites",
        new JsonArray().add(aliceId).add(citizenReply.getString("id")));
    List<HttpResponse<Buffer>> both = java.util.stream.Stream.of(1, 2)
        .map(n -> api.request(HttpMethod.POST, "/api/v1/threads/" + threadId + "/response")
            .putHeader("Authorization", "Bearer " + chair).sendJsonObject(responseBody))
        .toList().stream().map(f -> f.await()).toList();
    assertEquals(List.of(201, 409), both.stream().map(HttpResponse::statusCode).sorted().toList(),
        both.stream().map(HttpResponse::bodyAsString).toList().toString());
    HttpResponse<Buffer> responded = both.stream().filter(b -> b.statusCode() == 201).findFirst().orElseThrow();
    assertEquals("already_answered", both.stream().filter(b -> b.statusCode() == 409).findFirst().orElseThrow()
        .bodyAsJsonObject().getString("error"));
    String responseUri = responded.bodyAsJsonObject().getString("uri");
    assertEquals(409, api.post("/api/v1/threads/" + threadId + "/response", chair, new JsonObject().put("content", "Again"))
        .statusCode());

    // alice's server gets the response with her mention, so it notifies her.
    Eventually.holds("the cited author's server gets the response", WAIT, () -> received("Create", responseUri).isPresent());
    JsonObject note = received("Create", responseUri).orElseThrow().getJsonObject("object");
    assertTrue(note.getJsonArray("cc").contains(peer.actorUri("alice")), note.encode());
    assertTrue(note.getJsonArray("tag").stream().anyMatch(t -> t instanceof JsonObject o && "Mention".equals(o.getString("type"))
        && peer.actorUri("alice").equals(o.getString("href"))), note.encode());
    assertTrue(note.getString("content").contains(aliceReply.getString("id")), "links the cited post: " + note.getString("content"));
    JsonObject answered = thread(threadId).getJsonObject("consultation");
    assertEquals("answered", answered.getString("phase"));
    assertEquals(responded.bodyAsJsonObject().getString("id"), answered.getJsonObject("response").getString("id"));
    assertEquals(List.of(aliceId, citizenReply.getString("id")), answered.getJsonArray("cited").getList());

    // The report, worked out by hand. Contributions: alice (for), bob (against), carol (none),
    // citizen (amendment), member's and chair's answers (none): 6. Participants: those six
    // authors, the voters (alice, bob, citizen) among them; local: citizen, member, chair.
    // Citizen replies: alice, bob, carol, citizen; answered: alice after 600 s, citizen after 1200 s.
    HttpResponse<Buffer> r = api.get("/api/v1/threads/" + threadId + "/report", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject report = r.bodyAsJsonObject();
    assertEquals(6, report.getInteger("participants"));
    assertEquals(3, report.getInteger("localParticipants"));
    assertEquals(3, report.getInteger("remoteParticipants"));
    assertEquals(new JsonArray().add(new JsonObject().put("host", peer.authority()).put("participants", 3)),
        report.getJsonArray("servers"));
    assertEquals(new JsonObject().put("total", 6).put("for", 1).put("against", 1).put("amendment", 1).put("none", 3),
        report.getJsonObject("replies"));
    assertEquals(4, report.getInteger("citizenReplies"));
    assertEquals(0.5, report.getDouble("answeredShare"), 1e-9);
    assertEquals(900.0, report.getDouble("medianAnswerSeconds"), 1e-9);
    assertEquals(List.of("Yes", "No", "Later"), report.getJsonObject("poll").getJsonArray("options").stream()
        .map(o -> ((JsonObject) o).getString("title")).toList());
    assertEquals(List.of(2, 1, 0), report.getJsonObject("poll").getJsonArray("options").stream()
        .map(o -> ((JsonObject) o).getInteger("votes")).toList());
    assertEquals(3, report.getJsonObject("poll").getInteger("voters"));
    assertFalse(report.encode().contains("follower"), "no follower counts");

    HttpResponse<Buffer> reportCsv = api.get("/api/v1/threads/" + threadId + "/report?format=csv", null);
    assertEquals("text/csv; charset=utf-8", reportCsv.getHeader("Content-Type"));
    Map<String, String> metrics = new HashMap<>();
    csv(reportCsv.bodyAsString()).forEach(row -> metrics.put(row.get("metric") + "/" + row.get("key"), row.get("value")));
    assertEquals("6", metrics.get("participants/"));
    assertEquals("3", metrics.get("server/" + peer.authority()));
    assertEquals("1", metrics.get("replies/against"));
    assertEquals("0.5", metrics.get("answeredShare/"));
    assertEquals("900.0", metrics.get("medianAnswerSeconds/"));
    assertEquals("2", metrics.get("poll/Yes"));
    assertEquals("3", metrics.get("pollVoters/"));

    // The export re-imports without loss: every post of the thread, as the thread API shows it.
    JsonObject export = api.get("/api/v1/threads/" + threadId + "/export", null).bodyAsJsonObject();
    Map<String, JsonObject> apiPosts = new HashMap<>();
    collect(thread(threadId).getJsonObject("root"), apiPosts);
    JsonArray exported = export.getJsonArray("posts");
    assertEquals(apiPosts.size(), exported.size());
    for (Object o : exported) {
      JsonObject e = (JsonObject) o;
      JsonObject p = apiPosts.get(e.getString("id"));
      assertEquals(p.getString("uri"), e.getString("uri"));
      assertEquals(p.getJsonObject("author").getString("handle"), e.getString("author"));
      assertEquals(p.getString("createdAt"), e.getString("createdAt"));
      assertEquals(p.getString("stance"), e.getString("stance"));
      assertEquals(p.getString("content"), e.getString("content"));
      assertEquals(p.getString("inReplyTo"), e.getString("inReplyTo"));
      assertEquals("CC-BY-SA-4.0", e.getString("licence"));
    }
    assertEquals(2, exported.stream().filter(o -> ((JsonObject) o).getBoolean("cited")).count());
    assertEquals(1, exported.stream().filter(o -> "response".equals(((JsonObject) o).getString("kind"))).count());
    assertEquals(List.of(2, 1, 0), export.getJsonObject("poll").getJsonArray("options").stream()
        .map(o -> ((JsonObject) o).getInteger("votes")).toList());

    // The CSV holds the same posts, field for field.
    List<Map<String, String>> rows = csv(api.get("/api/v1/threads/" + threadId + "/export?format=csv", null).bodyAsString());
    assertEquals(exported.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonObject e = exported.getJsonObject(i);
      for (String column : ConsultationCsv.EXPORT_COLUMNS) {
        Object v = e.getValue(column);
        assertEquals(v == null ? "" : String.valueOf(v), rows.get(i).get(column), column + " of post " + e.getString("id"));
      }
    }
  }

  static void collect(JsonObject post, Map<String, JsonObject> into) {
    into.put(post.getString("id"), post);
    post.getJsonArray("replies").forEach(r -> collect((JsonObject) r, into));
  }

  @Test
  void badInputIsRefusedWithReasons() {
    Instant now = clock.instant();
    JsonObject base = new JsonObject().put("title", "T").put("content", "C").put("inputClosesAt", now.plusSeconds(3600).toString());
    assertEquals(403, api.post("/api/v1/groups/city/consultations", member, base).statusCode(), "members do not open consultations");
    assertEquals(401, api.post("/api/v1/groups/city/consultations", null, base).statusCode());
    assertEquals("invalid_inputClosesAt", open(chair, base.copy().put("inputClosesAt", "tomorrow"), 422).getString("error"));
    assertEquals("invalid_inputClosesAt", open(chair, base.copy().put("inputClosesAt", now.minusSeconds(1).toString()), 422)
        .getString("error"));
    assertEquals("invalid_deliberationEndsAt", open(chair, base.copy().put("deliberationEndsAt", now.toString()), 422)
        .getString("error"));
    assertEquals("invalid_poll", open(chair, base.copy().put("poll", new JsonObject().put("options", new JsonArray().add("Only"))), 422)
        .getString("error"));
    assertEquals("invalid_poll", open(chair, base.copy().put("poll", new JsonObject().put("options",
        new JsonArray().add("A").add("x".repeat(101)))), 422).getString("error"));
    assertEquals("invalid_poll", open(chair, base.copy().put("poll", new JsonObject().put("options",
        new JsonArray().add("A").add("A"))), 422).getString("error"));
    JsonArray eleven = new JsonArray();
    for (int i = 0; i < 11; i++) {
      eleven.add("option " + i);
    }
    assertEquals("invalid_poll", open(chair, base.copy().put("poll", new JsonObject().put("options", eleven)), 422).getString("error"));
    assertEquals(404, api.post("/api/v1/groups/nowhere/consultations", chair, base).statusCode());
    // Nothing was stored by the refusals.
    long consultations = torg.torg().services().pool().query("SELECT count(*) FROM consultation").execute().await().iterator().next()
        .getLong(0);
    JsonObject ok = open(chair, base, 201);
    assertEquals(consultations + 1, torg.torg().services().pool().query("SELECT count(*) FROM consultation").execute().await()
        .iterator().next().getLong(0));
    assertNull(ok.getJsonObject("consultation").getValue("poll"));
    assertEquals(404, api.post("/api/v1/threads/" + ok.getString("id") + "/votes", citizen,
        new JsonObject().put("choices", new JsonArray().add(0))).statusCode(), "no poll");
    assertEquals(400, api.get("/api/v1/threads/" + ok.getString("id") + "/report?format=xml", null).statusCode());
    JsonObject plain = api.post("/api/v1/groups/city/threads", member, new JsonObject().put("title", "Plain").put("content", "x"))
        .bodyAsJsonObject();
    HttpResponse<Buffer> notOne = api.get("/api/v1/threads/" + plain.getString("id") + "/report", null);
    assertEquals(404, notOne.statusCode());
    assertEquals("not_a_consultation", notOne.bodyAsJsonObject().getString("error"));
    assertEquals(404, api.get("/api/v1/threads/999999/export", null).statusCode());
  }

  @Test
  void deliberationLetsMembersReplyButNotCitizens() {
    Instant now = clock.instant();
    JsonObject opened = open(chair, new JsonObject().put("title", "Budget").put("content", "Priorities?")
        .put("inputClosesAt", now.plusSeconds(600).toString()).put("deliberationEndsAt", now.plusSeconds(7200).toString()), 201);
    String rootId = opened.getJsonObject("root").getString("id");
    reply(citizen, rootId, new JsonObject().put("content", "Parks."), 201);
    clock.advance(Duration.ofMinutes(11));
    assertEquals("deliberation", thread(opened.getString("id")).getJsonObject("consultation").getString("phase"));
    assertEquals(403, api.post("/api/v1/posts/" + rootId + "/replies", citizen, new JsonObject().put("content", "More")).statusCode());
    reply(member, rootId, new JsonObject().put("content", "Noted, discussing."), 201);
  }
}
