package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.BranchDirectory;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.Instances;
import org.torg.server.support.RunningTorg;

/**
 * Three Torgs: a hub Group "party" (127.0.0.135) with two branches, "gbg" (.136) and "sthlm"
 * (.137), each following the other way too; and a Mastodon-like peer. The hub opens a party-wide
 * consultation: each branch enters it once (its entry, a reply by the branch Group), shows it on its
 * page, and its members' replies under the entry land in the hub's one thread, the peer's reply
 * (sent to the branch alone, as Mastodon sends it) passed on by the branch. The hub's report and
 * export count per branch and per server.
 */
class PartyConsultationsAcrossInstancesTest {

  static final String HUB = "127.0.0.135";
  static final String GBG = "127.0.0.136";
  static final String STHLM = "127.0.0.137";

  static Vertx vertx;
  static RunningTorg hub;
  static RunningTorg gbg;
  static RunningTorg sthlm;
  static FakePeer peer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    hub = RunningTorg.onLoopbackAddress(HUB);
    gbg = RunningTorg.onLoopbackAddress(GBG);
    sthlm = RunningTorg.onLoopbackAddress(STHLM);
    peer = FakePeer.start(vertx);
    peer.addActor("cy");
  }

  @AfterAll
  static void stop() {
    peer.close();
    hub.close();
    gbg.close();
    sthlm.close();
    vertx.close().await();
  }

  private static void eventually(String what, Supplier<Boolean> check) {
    Eventually.holds(what, Duration.ofSeconds(30), check);
  }

  /** The branch Group's entry in the thread whose root is {@code rootUri}, as stored on {@code on}; null if none. */
  private static String entryUri(RunningTorg on, String branchUri, String rootUri) {
    var rows = on.torg().services().pool().preparedQuery("SELECT p.uri FROM post p JOIN actor a ON a.id = p.author_id"
        + " JOIN post r ON r.id = p.parent_id WHERE a.uri = $1 AND r.uri = $2").execute(Tuple.of(branchUri, rootUri)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  private static long idOn(RunningTorg on, String uri) {
    return on.torg().services().posts().posts().findByUri(uri).await().orElseThrow().id();
  }

  private static JsonObject ok(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  @Test
  void everyBranchEntersTheHubsConsultationAndTheReportCountsPerBranch() {
    ApiClient apiHub = hub.api(vertx);
    ApiClient apiGbg = gbg.api(vertx);
    ApiClient apiSthlm = sthlm.api(vertx);
    String chair = apiHub.newAdmin("chair").accessToken();
    String hubCitizen = apiHub.newCitizen("hedda").accessToken();
    String gbgSec = apiGbg.newAdmin("gsec").accessToken();
    String ada = apiGbg.newCitizen("ada").accessToken();
    String sthlmSec = apiSthlm.newAdmin("ssec").accessToken();
    String bo = apiSthlm.newCitizen("bo").accessToken();
    ok(apiHub.post("/api/v1/groups", chair, new JsonObject().put("name", "party")), 201);
    ok(apiGbg.post("/api/v1/groups", gbgSec, new JsonObject().put("name", "gbg").put("displayName", "Göteborg")), 201);
    ok(apiSthlm.post("/api/v1/groups", sthlmSec, new JsonObject().put("name", "sthlm")), 201);
    apiHub.send(HttpMethod.PUT, "/api/v1/groups/party/members/chair", chair, new JsonObject().put("role", "moderator"));
    apiGbg.send(HttpMethod.PUT, "/api/v1/groups/gbg/members/gsec", gbgSec, new JsonObject().put("role", "moderator"));
    apiSthlm.send(HttpMethod.PUT, "/api/v1/groups/sthlm/members/ssec", sthlmSec, new JsonObject().put("role", "moderator"));
    String party = "http://" + HUB + "/groups/party";
    String gbgGroup = "http://" + GBG + "/groups/gbg";
    String sthlmGroup = "http://" + STHLM + "/groups/sthlm";
    Instant closes = Instant.now().plus(Duration.ofDays(7));
    JsonObject consultation = new JsonObject().put("title", "Climate plan").put("content", "What should the party's climate plan say?")
        .put("inputClosesAt", closes.toString()).put("partyWide", true)
        .put("poll", new JsonObject().put("options", new JsonArray().add("Faster").add("As planned")));

    // Bad input: a Group without branches cannot open one, partyWide is a boolean; nothing is stored.
    JsonObject notAHub = ok(apiGbg.post("/api/v1/groups/gbg/consultations", gbgSec, consultation), 422);
    assertEquals("not_a_hub", notAHub.getString("error"), notAHub.encode());
    assertEquals(422, apiHub.post("/api/v1/groups/party/consultations", chair, consultation.copy().put("partyWide", "yes"))
        .statusCode());
    assertEquals(0, Instances.count(gbg, "SELECT count(*) FROM thread"));
    assertEquals(0, Instances.count(hub, "SELECT count(*) FROM thread"));

    // The hub's branches, from its directory: each asks to join, the hub approves.
    var hubSide = new BranchDirectory.Side(hub, apiHub, chair, "party");
    BranchDirectory.join(new BranchDirectory.Side(gbg, apiGbg, gbgSec, "gbg"), hubSide, "Göteborg");
    BranchDirectory.join(new BranchDirectory.Side(sthlm, apiSthlm, sthlmSec, "sthlm"), hubSide, "Stockholm");

    JsonObject opened = ok(apiHub.post("/api/v1/groups/party/consultations", chair, consultation), 201);
    String rootUri = opened.getJsonObject("root").getString("uri");
    assertTrue(opened.getJsonObject("consultation").getBoolean("partyWide"), opened.encodePrettily());
    JsonObject question = hub.get(vertx, "/posts/" + opened.getJsonObject("root").getString("id"))
        .putHeader("Accept", "application/activity+json").send().await().bodyAsJsonObject();
    assertEquals("Question", question.getString("type"));
    assertEquals(Boolean.TRUE, question.getValue("partyWide"), "the root says it is party-wide: " + question.encode());

    // Each branch enters it once; the hub has both entries in its one thread.
    eventually("both branches entered, and the hub has both entries", () -> entryUri(gbg, gbgGroup, rootUri) != null
        && entryUri(sthlm, sthlmGroup, rootUri) != null && entryUri(hub, gbgGroup, rootUri) != null
        && entryUri(hub, sthlmGroup, rootUri) != null);
    String gbgEntry = entryUri(gbg, gbgGroup, rootUri);
    String sthlmEntry = entryUri(sthlm, sthlmGroup, rootUri);
    long rootOnGbg = idOn(gbg, rootUri);
    var gbgServices = gbg.torg().services();
    var hubOnGbg = gbgServices.actors().findByUri(party).await().orElseThrow();
    assertEquals(0, gbgServices.posts().party().received(hubOnGbg, gbgServices.posts().posts().findById(rootOnGbg).await()
        .orElseThrow()).await(), "the question arriving again enters nothing twice");
    assertEquals(1, Instances.count(gbg, "SELECT count(*) FROM party_entry"));
    assertEquals(1, Instances.count(gbg, "SELECT count(*) FROM post p JOIN actor a ON a.id = p.author_id WHERE a.uri = $1", gbgGroup));

    // The branch shows it: in the API and on its page, without JavaScript.
    JsonArray listed = ok(apiGbg.get("/api/v1/groups/gbg/party-consultations", null), 200).getJsonArray("items");
    assertEquals(1, listed.size(), listed.encodePrettily());
    assertEquals("Climate plan", listed.getJsonObject(0).getString("title"));
    assertEquals(new JsonObject().put("name", "party").put("host", HUB).put("url", party), listed.getJsonObject(0).getJsonObject("hub"));
    String gbgEntryId = Long.toString(idOn(gbg, gbgEntry));
    assertEquals(gbgEntryId, listed.getJsonObject(0).getString("entry"));
    String page = gbg.get(vertx, "/groups/gbg").putHeader("Accept", "text/html").send().await().bodyAsString();
    String section = page.substring(page.indexOf("id=\"party-consultations-title\""));
    assertTrue(section.contains(">Climate plan</a>") && section.contains("<a href=\"/posts/" + gbgEntryId + "\">"), section);

    // Members reply where they are: under their branch's entry, on their own server.
    String adaReply = ok(apiGbg.post("/api/v1/posts/" + gbgEntryId + "/replies", ada,
        new JsonObject().put("content", "#for Trams before roads.")), 201).getString("uri");
    String boReply = ok(apiSthlm.post("/api/v1/posts/" + idOn(sthlm, sthlmEntry) + "/replies", bo,
        new JsonObject().put("content", "Cycle lanes everywhere.")), 201).getString("uri");
    // A citizen at the hub replies to the question itself.
    String heddaReply = ok(apiHub.post("/api/v1/posts/" + idOn(hub, rootUri) + "/replies", hubCitizen,
        new JsonObject().put("content", "Start with the schools.")), 201).getString("uri");
    // A Mastodon user who follows gbg replies to its entry: Mastodon sends that to the entry's author alone.
    String cyNote = peer.base() + "/notes/1";
    JsonObject note = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", cyNote).put("type", "Note")
        .put("attributedTo", peer.actorUri("cy")).put("inReplyTo", gbgEntry).put("content", "<p>Night trains too.</p>")
        .put("published", Instant.now().toString())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add(gbgGroup));
    peer.serve(note);
    var create = peer.activity("Create", "cy", note);
    assertEquals(202, peer.post(GBG, 80, GBG, "/groups/gbg/inbox", create, "cy", SignatureFormat.DRAFT_CAVAGE).statusCode());
    eventually("every reply is in the hub's thread", () -> hasPost(hub, adaReply) && hasPost(hub, boReply)
        && hasPost(hub, heddaReply) && hasPost(hub, cyNote));
    assertEquals(1, Instances.count(gbg, "SELECT count(*) FROM outbox_activity o JOIN actor a ON a.id = o.actor_id"
        + " WHERE a.uri = $1 AND o.type = 'Announce' AND o.body->>'object' = $2", gbgGroup, cyNote),
        "gbg passed the peer's reply on, once");
    long hubThread = hub.torg().services().posts().posts().findByUri(rootUri).await().orElseThrow().threadId();
    assertEquals(1, Instances.count(hub, "SELECT count(DISTINCT thread_id) FROM post WHERE uri = ANY($1)",
        (Object) new String[] {rootUri, gbgEntry, sthlmEntry, adaReply, boReply, heddaReply, cyNote}), "one thread holds them all");

    // The hub's report, per branch and per server; the entries are no one's input.
    JsonObject report = ok(apiHub.get("/api/v1/threads/" + hubThread + "/report", null), 200);
    assertEquals(4, report.getInteger("participants"), report.encodePrettily());
    assertEquals(4, report.getJsonObject("replies").getInteger("total"));
    JsonObject byBranch = report.getJsonObject("partyWide");
    JsonArray branches = byBranch.getJsonArray("branches");
    assertEquals(2, branches.size(), byBranch.encodePrettily());
    JsonObject g = branch(branches, gbgGroup);
    assertEquals(2, g.getInteger("participants"));
    assertEquals(2, g.getInteger("replies"));
    assertEquals(new JsonArray().add(new JsonObject().put("host", GBG).put("participants", 1))
        .add(new JsonObject().put("host", peer.authority()).put("participants", 1)), sortedServers(g.getJsonArray("servers")));
    JsonObject s = branch(branches, sthlmGroup);
    assertEquals(1, s.getInteger("participants"));
    assertEquals(new JsonArray().add(new JsonObject().put("host", STHLM).put("participants", 1)), s.getJsonArray("servers"));
    assertEquals(1, byBranch.getJsonObject("direct").getInteger("participants"));
    assertEquals(new JsonArray().add(new JsonObject().put("host", HUB).put("participants", 1)),
        byBranch.getJsonObject("direct").getJsonArray("servers"));
    String csv = apiHub.get("/api/v1/threads/" + hubThread + "/report?format=csv", null).bodyAsString();
    assertTrue(csv.lines().anyMatch(l -> l.matches("branchParticipants,\"?" + java.util.regex.Pattern.quote(gbgGroup) + "\"?,2")), csv);
    assertTrue(csv.contains("branchParticipants,direct,1"), csv);

    // The open-data export marks each post's branch, and the entries as such.
    JsonObject export = ok(apiHub.get("/api/v1/threads/" + hubThread + "/export", null), 200);
    assertTrue(export.getJsonObject("consultation").getBoolean("partyWide"));
    assertEquals(gbgGroup, exported(export, adaReply).getString("branch"));
    assertEquals(gbgGroup, exported(export, cyNote).getString("branch"));
    assertEquals(sthlmGroup, exported(export, boReply).getString("branch"));
    assertNull(exported(export, heddaReply).getString("branch"));
    assertEquals("entry", exported(export, gbgEntry).getString("kind"));
    String exportCsv = apiHub.get("/api/v1/threads/" + hubThread + "/export?format=csv", null).bodyAsString();
    assertTrue(exportCsv.lines().anyMatch(l -> l.contains(adaReply) && l.contains(gbgGroup)), exportCsv);

    // The report page shows the branches.
    String reportPage = hub.get(vertx, "/threads/" + hubThread + "/report").putHeader("Accept", "text/html").send().await()
        .bodyAsString();
    String table = reportPage.substring(reportPage.indexOf("<table class=\"branches\">"));
    assertTrue(table.contains("<a href=\"" + gbgGroup + "\">gbg</a> (" + GBG + ")</th><td>2</td><td>2</td>"), table);
  }

  private static boolean hasPost(RunningTorg on, String uri) {
    return on.torg().services().posts().posts().findByUri(uri).await().isPresent();
  }

  private static JsonObject branch(JsonArray branches, String uri) {
    return branches.stream().map(o -> (JsonObject) o).filter(b -> uri.equals(b.getString("branch"))).findFirst().orElseThrow();
  }

  private static JsonArray sortedServers(JsonArray servers) {
    return new JsonArray(servers.stream().map(o -> (JsonObject) o)
        .sorted(java.util.Comparator.comparing((JsonObject o) -> o.getString("host").equals(GBG) ? "" : o.getString("host")))
        .map(o -> (Object) o).toList());
  }

  private static JsonObject exported(JsonObject export, String uri) {
    return export.getJsonArray("posts").stream().map(o -> (JsonObject) o).filter(p -> uri.equals(p.getString("uri")))
        .findFirst().orElseThrow(() -> new AssertionError("not exported: " + uri));
  }
}
