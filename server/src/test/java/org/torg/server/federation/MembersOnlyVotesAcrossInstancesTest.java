package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.convert.MembershipStatement;
import org.torg.server.processing.consultations.Consultations;
import org.torg.server.model.LocalKeyPair;
import org.torg.server.support.ApiClient;
import org.torg.server.support.BranchDirectory;
import org.torg.server.support.Eventually;
import org.torg.server.support.Instances;
import org.torg.server.support.RunningTorg;

/**
 * Three Torgs: a hub Group "party" (127.0.0.125) whose branches are "north" and "east" (both on
 * 127.0.0.126) and "south" (127.0.0.127); "west" (also on .127) is no branch of it. Members vote
 * from their own servers in a members-only poll of the hub, as Mastodon votes: a Note naming the
 * option, in reply to the Question, some carrying membership statements. The hub asks the branches
 * for the statements it lacks; a member of two branches counts once, a non-member, a member of a
 * Group outside the hub and a forged statement are refused with their reasons.
 */
class MembersOnlyVotesAcrossInstancesTest {

  static final String HUB = "127.0.0.125";
  static final String NORTH = "127.0.0.126";
  static final String SOUTH = "127.0.0.127";

  static Vertx vertx;
  static RunningTorg hub;
  static RunningTorg north;
  static RunningTorg south;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    hub = RunningTorg.onLoopbackAddress(HUB);
    north = RunningTorg.onLoopbackAddress(NORTH);
    south = RunningTorg.onLoopbackAddress(SOUTH);
    network();
  }

  static String chair;
  static String annToken;
  static final String PARTY = "http://" + HUB + "/groups/party";

  /** The hub, its branches and their members, set up once for every test. */
  static void network() {
    ApiClient apiHub = hub.api(vertx);
    ApiClient apiNorth = north.api(vertx);
    ApiClient apiSouth = south.api(vertx);
    chair = apiHub.newAdmin("chair").accessToken();
    String sec = apiNorth.newAdmin("sec").accessToken();
    String organiser = apiSouth.newAdmin("organiser").accessToken();
    annToken = apiNorth.newCitizen("ann").accessToken();
    for (String citizen : new String[] {"bob", "carl", "eve", "dave", "fay", "gus"}) {
      apiSouth.newCitizen(citizen);
    }
    ok(apiHub.post("/api/v1/groups", chair, new JsonObject().put("name", "party")), 201);
    ok(apiNorth.post("/api/v1/groups", sec, new JsonObject().put("name", "north")), 201);
    ok(apiNorth.post("/api/v1/groups", sec, new JsonObject().put("name", "east")), 201);
    ok(apiSouth.post("/api/v1/groups", organiser, new JsonObject().put("name", "south")), 201);
    ok(apiSouth.post("/api/v1/groups", organiser, new JsonObject().put("name", "west")), 201);
    apiHub.send(HttpMethod.PUT, "/api/v1/groups/party/members/chair", chair, new JsonObject().put("role", "moderator"));
    // ann is a member of two branches; bob of one; eve of a Group that is no branch of the hub.
    assertTrue(apiNorth.send(HttpMethod.PUT, "/api/v1/groups/north/members/ann", sec, new JsonObject().put("role", "member")).statusCode() < 300);
    assertTrue(apiNorth.send(HttpMethod.PUT, "/api/v1/groups/east/members/ann", sec, new JsonObject().put("role", "member")).statusCode() < 300);
    assertTrue(apiSouth.send(HttpMethod.PUT, "/api/v1/groups/south/members/bob", organiser, new JsonObject().put("role", "member")).statusCode() < 300);
    assertTrue(apiSouth.send(HttpMethod.PUT, "/api/v1/groups/west/members/eve", organiser, new JsonObject().put("role", "member")).statusCode() < 300);

    // The hub's three branches, from its directory: each asks to join, the hub approves.
    var hubSide = new BranchDirectory.Side(hub, apiHub, chair, "party");
    BranchDirectory.join(new BranchDirectory.Side(north, apiNorth, sec, "north"), hubSide, "North");
    BranchDirectory.join(new BranchDirectory.Side(north, apiNorth, sec, "east"), hubSide, "East");
    BranchDirectory.join(new BranchDirectory.Side(south, apiSouth, organiser, "south"), hubSide, "South");
  }

  @AfterAll
  static void stop() {
    hub.close();
    north.close();
    south.close();
    vertx.close().await();
  }

  private static void eventually(String what, Supplier<Boolean> check) {
    Eventually.holds(what, Duration.ofSeconds(30), check);
  }

  private static JsonObject ok(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }


  private static long count(RunningTorg on, String sql, Object... params) {
    return Instances.count(on, sql, params);
  }

  /** The refusal reason stored for a vote Note, or null. */
  private static String refusal(String voteUri) {
    var rows = hub.torg().services().pool().preparedQuery("SELECT reason FROM refused_vote WHERE vote_uri = $1")
        .execute(Tuple.of(voteUri)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  private static boolean counted(String voteUri) {
    return count(hub, "SELECT count(*) FROM poll_vote WHERE vote_uri = $1", voteUri) > 0;
  }

  /**
   * {@code voter} on {@code from} votes {@code option} in the Question, as a remote server does:
   * a Create of a Note with only a name, signed with the voter's key; {@code statements} go in
   * {@code torg:membership}. Returns the Note's id.
   */
  private static String vote(RunningTorg from, String voter, String questionUri, String option, JsonArray statements) {
    String actor = "http://" + from.host() + "/users/" + voter;
    String noteId = "http://" + from.host() + "/votes/" + UUID.randomUUID();
    JsonObject note = new JsonObject().put("id", noteId).put("type", "Note").put("attributedTo", actor).put("name", option)
        .put("inReplyTo", questionUri).put("to", new JsonArray().add("http://" + HUB + "/groups/party"));
    if (statements != null) {
      note.put("torg:membership", statements);
    }
    JsonObject create = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add(new JsonObject().put("torg", "https://w3id.org/torg/ns#")))
        .put("id", noteId + "/activity").put("type", "Create").put("actor", actor).put("object", note)
        .put("to", note.getJsonArray("to"));
    LocalKeyPair key = from.torg().services().keys().ensure(actor).await();
    byte[] body = create.encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", URI.create("http://" + HUB + "/inbox"),
        Map.of("Content-Type", "application/activity+json"), body, actor + "#main-key", key.privateKey(), Instant.now());
    var request = WebClient.create(vertx).post(hub.port(), HUB, "/inbox");
    headers.forEach(request::putHeader);
    HttpResponse<Buffer> response = request.sendBuffer(Buffer.buffer(body)).await();
    assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.bodyAsString());
    return noteId;
  }

  /** A branch's statement about a member, as the branch's server signs it. */
  private static JsonObject statement(RunningTorg on, String group, String personUri) {
    var services = on.torg().services();
    var found = services.accounts().groups().find(group)
        .compose(g -> services.posts().membershipStatements().issue(g, personUri)).await();
    return found.orElseThrow();
  }

  @Test
  void aMembersOnlyPollCountsEachVouchedMemberOnceAndRefusesTheRestWithTheirReasons() {
    ApiClient apiHub = hub.api(vertx);
    String annUri = "http://" + NORTH + "/users/ann";
    JsonObject thread = ok(apiHub.post("/api/v1/groups/party/consultations", chair, new JsonObject().put("title", "Congress date")
        .put("content", "When do we meet?").put("inputClosesAt", Instant.now().plus(Duration.ofDays(2)).toString())
        .put("eligibility", "members")
        .put("poll", new JsonObject().put("options", new JsonArray().add("May").add("June")))), 201);
    String threadId = thread.getString("id");
    String question = thread.getJsonObject("root").getString("uri");
    assertEquals("members", thread.getJsonObject("consultation").getJsonObject("poll").getString("eligibility"));
    JsonObject questionDoc = ok(hub.getActivityJson(vertx, URI.create(question).getPath()).send().await(), 200);
    assertEquals("members", questionDoc.getString("torg:eligibility"), questionDoc.encode());

    // A branch's statement is not for anyone who asks: an unsigned fetch learns nothing.
    assertEquals(404, north.getActivityJson(vertx, "/groups/north/members/statement?actor="
        + java.net.URLEncoder.encode(annUri, StandardCharsets.UTF_8)).send().await().statusCode());
    // Nor does a signed fetch from a server with no hub of north's; the hub's server gets it.
    URI statementUrl = URI.create(MembershipStatement.url("http://" + NORTH + "/groups/north", annUri));
    assertTrue(south.torg().services().fetcher().fetchJson(statementUrl).transform(done -> Future.succeededFuture(done.failed()))
        .await(), "south is refused");
    JsonObject fetched = hub.torg().services().fetcher().fetchJson(statementUrl).await().json();
    assertEquals(annUri, fetched.getString("object"));
    assertEquals("http://" + NORTH + "/groups/north", fetched.getString("actor"));

    // ann, a member of north and east, votes with nothing attached: the hub asks its branches; both vouch, she counts once.
    String annVote = vote(north, "ann", question, "May", null);
    eventually("ann's vote counted", () -> counted(annVote));
    String annAgain = vote(north, "ann", question, "May", null);
    // bob, of south, counts; carl is a member of nothing; eve's statement is from west, no branch of the hub.
    String bobVote = vote(south, "bob", question, "June", null);
    String carlVote = vote(south, "carl", question, "May", null);
    String eveUri = "http://" + SOUTH + "/users/eve";
    String eveVote = vote(south, "eve", question, "May", new JsonArray().add(statement(south, "west", eveUri)));
    // dave forges one: north's statement about ann, made out to himself.
    String daveUri = "http://" + SOUTH + "/users/dave";
    JsonObject forged = statement(north, "north", annUri).put("object", daveUri);
    String daveVote = vote(south, "dave", question, "May", new JsonArray().add(forged));
    // fay carries a statement by north that is hers and truly signed, but expired; gus carries ann's, unaltered.
    String fayUri = "http://" + SOUTH + "/users/fay";
    String northGroup = "http://" + NORTH + "/groups/north";
    var northKey = north.torg().services().keys().ensureAssertionKey(northGroup).await();
    JsonObject expired = MembershipStatement.sign(MembershipStatement.unsigned(northGroup, fayUri,
        Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(3))), northGroup + "#ed25519-key",
        northKey.privateKey(), Instant.now().minus(Duration.ofDays(10)));
    String fayVote = vote(south, "fay", question, "May", new JsonArray().add(expired));
    String gusVote = vote(south, "gus", question, "May", new JsonArray().add(statement(north, "north", annUri)));
    eventually("bob counted and the others refused", () -> counted(bobVote) && refusal(carlVote) != null
        && refusal(eveVote) != null && refusal(daveVote) != null && refusal(fayVote) != null && refusal(gusVote) != null);
    assertEquals("statement_expired", refusal(fayVote));
    assertEquals("statement_for_another_actor", refusal(gusVote));
    eventually("ann's second vote processed", () -> count(hub, "SELECT count(*) FROM inbox_activity WHERE activity_uri = $1"
        + " AND state = 'done'", annAgain + "/activity") == 1);
    assertEquals("not_a_member", refusal(carlVote));
    assertEquals("branch_not_in_hub", refusal(eveVote));
    assertEquals("statement_invalid", refusal(daveVote));
    assertTrue(!counted(annAgain) && refusal(annAgain) == null, "a repeat is neither counted again nor refused");

    JsonObject poll = ok(apiHub.get("/api/v1/threads/" + threadId + "/report", null), 200).getJsonObject("poll");
    assertEquals(2, poll.getInteger("voters"), poll.encode());
    assertEquals(2, poll.getInteger("counted"));
    assertEquals(new JsonArray().add(new JsonObject().put("title", "May").put("votes", 1))
        .add(new JsonObject().put("title", "June").put("votes", 1)), poll.getJsonArray("options"));
    assertEquals(5, poll.getJsonObject("refused").getInteger("total"));
    assertEquals(new JsonObject().put("branch_not_in_hub", 1).put("not_a_member", 1).put("statement_expired", 1)
            .put("statement_for_another_actor", 1).put("statement_invalid", 1),
        poll.getJsonObject("refused").getJsonObject("reasons"));
    assertEquals(new JsonArray()
            .add(new JsonObject().put("branch", "http://" + NORTH + "/groups/east").put("voters", 1))
            .add(new JsonObject().put("branch", "http://" + NORTH + "/groups/north").put("voters", 1))
            .add(new JsonObject().put("branch", "http://" + SOUTH + "/groups/south").put("voters", 1)),
        poll.getJsonArray("branches"), "ann is under both her branches, and counted once");
    JsonObject exported = ok(apiHub.get("/api/v1/threads/" + threadId + "/export", null), 200).getJsonObject("poll");
    assertEquals(5, exported.getJsonObject("refused").getJsonArray("votes").size());
    assertTrue(exported.getJsonObject("refused").encode().contains("\"server\":\"" + SOUTH + "\""));
    assertTrue(!exported.encode().contains("carl"), "a refused vote is listed by server and reason, not by voter");

    // A local account of the hub that no branch vouches for is refused too, with the reason, and it is stored.
    HttpResponse<Buffer> local = apiHub.post("/api/v1/threads/" + threadId + "/votes", chair,
        new JsonObject().put("choices", new JsonArray().add(0)));
    assertEquals(403, local.statusCode(), local.bodyAsString());
    assertEquals("not_a_member", local.bodyAsJsonObject().getString("error"));
    assertEquals(6, ok(apiHub.get("/api/v1/threads/" + threadId + "/report", null), 200).getJsonObject("poll")
        .getJsonObject("refused").getInteger("total"));

    // carl keeps trying: after MAX_REFUSALS refusals his votes are not checked (nor stored) again.
    String last = null;
    for (int i = 0; i < Consultations.MAX_REFUSALS + 1; i++) {
      last = vote(south, "carl", question, "May", null);
    }
    String lastVote = last;
    eventually("carl's votes processed", () -> count(hub, "SELECT count(*) FROM inbox_activity WHERE activity_uri = $1"
        + " AND state = 'done'", lastVote + "/activity") == 1);
    assertEquals(Consultations.MAX_REFUSALS, count(hub, "SELECT count(*) FROM refused_vote r JOIN actor a ON a.id = r.actor_id"
        + " WHERE a.uri = $1", "http://" + SOUTH + "/users/carl"));
    assertEquals("ignored:vote_refused:too_many_refusals", hub.torg().services().pool()
        .preparedQuery("SELECT outcome FROM inbox_activity WHERE activity_uri = $1").execute(Tuple.of(lastVote + "/activity")).await()
        .iterator().next().getString(0));
  }

  private static long consultations() {
    return count(hub, "SELECT count(*) FROM consultation");
  }

  @Test
  void aCandidateSelectionIsMembersOnlyItsStatementsTravelWithTheQuestionAndBadCandidatesAreRefused() {
    ApiClient apiHub = hub.api(vertx);
    String closes = Instant.now().plus(Duration.ofDays(2)).toString();
    JsonObject base = new JsonObject().put("title", "Our candidate for mayor").put("content", "Who should stand?")
        .put("inputClosesAt", closes).put("kind", "candidate-selection");
    JsonObject alva = new JsonObject().put("name", "Alva Berg").put("statement", "Buses every ten minutes <and> cheaper rents.");
    JsonObject omar = new JsonObject().put("name", "Omar Lind").put("statement", "A library in every district.");

    long before = consultations();
    for (JsonObject bad : new JsonObject[] {
        base.copy().put("kind", "referendum").put("poll", new JsonObject().put("candidates", new JsonArray().add(alva).add(omar))),
        base.copy().put("poll", new JsonObject().put("candidates", new JsonArray().add(alva).add(new JsonObject().put("name", "Omar Lind")))),
        base.copy().put("poll", new JsonObject().put("candidates", new JsonArray().add(alva)
            .add(omar.copy().put("statement", "x".repeat(501))))),
        base.copy().put("poll", new JsonObject().put("candidates", new JsonArray().add(alva).add(omar.copy().put("statement", "  ")))),
        base.copy().put("poll", new JsonObject().put("options", new JsonArray().add("Alva").add("Omar"))),
        base.copy().put("eligibility", "citizens").put("poll", new JsonObject().put("candidates", new JsonArray().add(alva).add(omar))),
        base.copy().put("kind", "consultation").put("eligibility", "members"),
        base.copy().put("kind", "consultation").put("poll", new JsonObject().put("candidates", new JsonArray().add(alva).add(omar)))}) {
      HttpResponse<Buffer> refused = apiHub.post("/api/v1/groups/party/consultations", chair, bad);
      assertEquals(422, refused.statusCode(), bad.encode() + " -> " + refused.bodyAsString());
      assertTrue(refused.bodyAsJsonObject().getString("error").startsWith("invalid_"), refused.bodyAsString());
    }
    assertEquals(before, consultations(), "nothing stored for bad input");

    JsonObject thread = ok(apiHub.post("/api/v1/groups/party/consultations", chair, base.copy()
        .put("poll", new JsonObject().put("candidates", new JsonArray().add(alva).add(omar.copy().put("statement", "x".repeat(500)))))), 201);
    JsonObject poll = thread.getJsonObject("consultation").getJsonObject("poll");
    assertEquals("candidate-selection", poll.getString("kind"));
    assertEquals("members", poll.getString("eligibility"), "a candidate selection is members-only by default");
    assertEquals(alva.getString("statement"), poll.getJsonArray("options").getJsonObject(0).getString("statement"));
    String question = thread.getJsonObject("root").getString("uri");
    JsonObject doc = ok(hub.getActivityJson(vertx, URI.create(question).getPath()).send().await(), 200);
    assertEquals("Question", doc.getString("type"));
    assertEquals("candidate-selection", doc.getString("torg:kind"));
    JsonObject first = doc.getJsonArray("oneOf").getJsonObject(0);
    assertEquals("Alva Berg", first.getString("name"));
    assertEquals("<p>Buses every ten minutes &lt;and&gt; cheaper rents.</p>", first.getString("content"));

    String annVote = vote(north, "ann", question, "Alva Berg", null);
    String carlVote = vote(south, "carl", question, "Omar Lind", null);
    eventually("ann counted, carl refused", () -> counted(annVote) && refusal(carlVote) != null);
    JsonObject report = ok(apiHub.get("/api/v1/threads/" + thread.getString("id") + "/report", null), 200).getJsonObject("poll");
    assertEquals("candidate-selection", report.getString("kind"));
    assertEquals(1, report.getJsonArray("options").getJsonObject(0).getInteger("votes"));
    assertEquals(0, report.getJsonArray("options").getJsonObject(1).getInteger("votes"));
    assertEquals(new JsonObject().put("not_a_member", 1), report.getJsonObject("refused").getJsonObject("reasons"));
  }

  @Test
  void aTorgMemberVotesFromHerOwnServerAndHerBranchesStatementsGoAlong() {
    ApiClient apiHub = hub.api(vertx);
    ApiClient apiNorth = north.api(vertx);
    JsonObject thread = ok(apiHub.post("/api/v1/groups/party/consultations", chair, new JsonObject().put("title", "Party colour")
        .put("content", "Which colour?").put("inputClosesAt", Instant.now().plus(Duration.ofDays(2)).toString())
        .put("eligibility", "members").put("poll", new JsonObject().put("options", new JsonArray().add("Green").add("Red")))), 201);
    String question = thread.getJsonObject("root").getString("uri");
    String postId = ok(apiNorth.get("/api/v1/resolve?q=" + java.net.URLEncoder.encode(question, StandardCharsets.UTF_8), annToken), 200)
        .getJsonObject("post").getString("id");

    HttpResponse<Buffer> bad = apiNorth.post("/api/v1/posts/" + postId + "/votes", annToken,
        new JsonObject().put("choices", new JsonArray().add(0).add(1)));
    assertEquals(422, bad.statusCode(), "one choice in a single-choice poll: " + bad.bodyAsString());
    HttpResponse<Buffer> voted = apiNorth.post("/api/v1/posts/" + postId + "/votes", annToken,
        new JsonObject().put("choices", new JsonArray().add(1)));
    assertEquals(204, voted.statusCode(), voted.bodyAsString());
    String threadId = thread.getString("id");
    eventually("ann's vote from north counted on the hub", () -> ok(apiHub.get("/api/v1/threads/" + threadId + "/report", null), 200)
        .getJsonObject("poll").getInteger("counted") == 1);
    JsonObject poll = ok(apiHub.get("/api/v1/threads/" + threadId + "/report", null), 200).getJsonObject("poll");
    assertEquals(1, poll.getJsonArray("options").getJsonObject(1).getInteger("votes"));
    assertEquals(2, poll.getJsonArray("branches").size(), "north and east vouched: " + poll.encode());
    // The vote carried north's and east's statements (the hub asked the branches too).
    JsonObject create = hub.torg().services().pool().preparedQuery("SELECT body FROM inbox_activity WHERE actor_uri = $1"
            + " AND type = 'Create' AND body->'object'->>'inReplyTo' = $2").execute(Tuple.of("http://" + NORTH + "/users/ann", question))
        .await().iterator().next().getJsonObject(0);
    JsonArray carried = create.getJsonObject("object").getJsonArray("torg:membership");
    assertEquals(2, carried.size(), create.encode());
    assertEquals("Membership", carried.getJsonObject(0).getString("type"));
    assertEquals("http://" + NORTH + "/users/ann", carried.getJsonObject(0).getString("object"));
    // The vote is ann's business and the hub's: north does not serve it to whoever has its id.
    assertEquals(404, north.getActivityJson(vertx, URI.create(create.getString("id")).getPath()).send().await().statusCode());
  }
}
