package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.BranchDirectory;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;

/**
 * The directory of branches across three Torgs: a hub, and two servers whose Groups ask to join
 * it (Join), are approved (Accept) or refused (Reject), and leave (Leave) or are removed.
 */
class DirectoryAcrossInstancesTest {

  static final String HUB = "127.0.0.120";
  static final String NORTH = "127.0.0.121";
  static final String WEST = "127.0.0.122";
  static final Duration WAIT = Duration.ofSeconds(30);

  static Vertx vertx;
  static RunningTorg hub;
  static RunningTorg north;
  static RunningTorg west;
  static ApiClient apiHub;
  static ApiClient apiNorth;
  static ApiClient apiWest;
  static String hubAdmin;
  static String northAdmin;
  static String westAdmin;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    hub = RunningTorg.onLoopbackAddress(HUB);
    north = RunningTorg.onLoopbackAddress(NORTH);
    west = RunningTorg.onLoopbackAddress(WEST);
    apiHub = hub.api(vertx);
    apiNorth = north.api(vertx);
    apiWest = west.api(vertx);
    hubAdmin = apiHub.newAdmin("chair").accessToken();
    northAdmin = apiNorth.newAdmin("sec").accessToken();
    westAdmin = apiWest.newAdmin("clerk").accessToken();
    group(apiHub, hubAdmin, "chair", "party", "The Party");
    for (String name : List.of("north", "gbg", "refused", "removed")) {
      group(apiNorth, northAdmin, "sec", name, null);
    }
    group(apiWest, westAdmin, "clerk", "west", "Västkusten");
  }

  @AfterAll
  static void stop() {
    hub.close();
    north.close();
    west.close();
    vertx.close().await();
  }

  static void group(ApiClient api, String admin, String moderator, String name, String displayName) {
    JsonObject body = new JsonObject().put("name", name);
    if (displayName != null) {
      body.put("displayName", displayName);
    }
    var created = api.post("/api/v1/groups", admin, body);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    api.send(HttpMethod.PUT, "/api/v1/groups/" + name + "/members/" + moderator, admin, new JsonObject().put("role", "moderator"));
  }

  static String uri(String host, String group) {
    return "http://" + host + "/groups/" + group;
  }

  static boolean follows(RunningTorg on, String followerUri, String followeeUri) {
    return org.torg.server.support.Instances.follows(on, followerUri, followeeUri);
  }

  /** The state this branch's server holds for its request to the hub: "approved", "pending" or "none". */
  static String stateOnBranch(ApiClient api, String admin, String branch) {
    JsonArray hubs = api.get("/api/v1/groups/" + branch + "/hubs", admin).bodyAsJsonObject().getJsonArray("hubs");
    return hubs.stream().map(JsonObject.class::cast).filter(h -> h.getString("hub").equals(uri(HUB, "party")))
        .map(h -> h.getString("state")).findFirst().orElse("none");
  }

  static List<JsonObject> onHub(String state, String query) {
    var response = apiHub.get("/api/v1/groups/party/branches?state=" + state + (query == null ? "" : "&q=" + query), hubAdmin);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    List<JsonObject> out = new ArrayList<>();
    response.bodyAsJsonObject().getJsonArray("branches").forEach(b -> out.add((JsonObject) b));
    return out;
  }

  static JsonObject waitForPending(String branchUri) {
    Eventually.holds(branchUri + "'s Join is pending on the hub", WAIT,
        () -> onHub("pending", null).stream().anyMatch(b -> b.getString("branch").equals(branchUri)));
    return onHub("pending", null).stream().filter(b -> b.getString("branch").equals(branchUri)).findFirst().orElseThrow();
  }

  static void ask(ApiClient api, String admin, String branch, String place) {
    var asked = api.post("/api/v1/groups/" + branch + "/hubs", admin,
        new JsonObject().put("hub", "!party@" + HUB).put("place", place));
    assertEquals(201, asked.statusCode(), asked.bodyAsString());
    assertEquals("pending", asked.bodyAsJsonObject().getString("state"));
  }

  static void approve(JsonObject request) {
    var approved = apiHub.post("/api/v1/groups/party/branches/" + request.getLong("id") + "/approve", hubAdmin, null);
    assertEquals(200, approved.statusCode(), approved.bodyAsString());
    assertEquals("approved", approved.bodyAsJsonObject().getString("state"));
  }

  @Test
  void aBranchAsksTheHubApprovesAndTheBranchLeaves() {
    String branch = uri(NORTH, "north");
    String party = uri(HUB, "party");
    ask(apiNorth, northAdmin, "north", "Luleå");
    JsonObject request = waitForPending(branch);
    assertEquals("Luleå", request.getString("place"));
    assertEquals(NORTH, request.getString("server"));
    assertTrue(onHub("approved", null).stream().noneMatch(b -> b.getString("branch").equals(branch)),
        "a pending branch is not in the directory yet");

    String citizen = apiHub.newCitizen("passerby").accessToken();
    assertEquals(403, apiHub.get("/api/v1/groups/party/branches?state=pending", citizen).statusCode());
    assertEquals(403, apiHub.post("/api/v1/groups/party/branches/" + request.getLong("id") + "/approve", citizen, null)
        .statusCode());
    assertEquals(403, apiHub.post("/api/v1/groups/party/branches/" + request.getLong("id") + "/refuse", citizen, null)
        .statusCode());
    String branchCitizen = apiNorth.newCitizen("member").accessToken();
    assertEquals(403, apiNorth.post("/api/v1/groups/north/hubs", branchCitizen, new JsonObject().put("hub", "!party@" + HUB))
        .statusCode());

    approve(request);
    Eventually.holds("the branch heard the hub's Accept", WAIT, () -> stateOnBranch(apiNorth, northAdmin, "north").equals("approved"));
    Eventually.holds("the hub follows the branch, and the branch the hub, on both servers", WAIT,
        () -> follows(hub, party, branch) && follows(north, party, branch) && follows(north, branch, party) && follows(hub, branch, party));
    assertTrue(onHub("approved", null).stream().anyMatch(b -> b.getString("branch").equals(branch)));
    var services = hub.torg().services();
    long hubId = services.actors().findByUri(party).await().orElseThrow().id();
    assertTrue(services.hubBranches().isBranch(hubId, branch).await(), "HubBranches answers from the directory");
    long branchIdOnBranch = north.torg().services().actors().findByUri(branch).await().orElseThrow().id();
    assertEquals(List.of(party), north.torg().services().hubBranches().hubUrisOf(branchIdOnBranch).await());

    assertEquals(204, apiNorth.send(HttpMethod.DELETE, "/api/v1/groups/north/hubs?hub=!party@" + HUB, northAdmin, null).statusCode());
    assertEquals("none", stateOnBranch(apiNorth, northAdmin, "north"));
    Eventually.holds("the hub took the Leave: the branch is out and unfollowed", WAIT,
        () -> onHub("approved", null).stream().noneMatch(b -> b.getString("branch").equals(branch))
            && !follows(hub, party, branch) && !follows(north, party, branch));
    assertFalse(follows(north, branch, party), "the branch stopped following the hub");
    assertEquals(404, apiNorth.send(HttpMethod.DELETE, "/api/v1/groups/north/hubs?hub=!party@" + HUB, northAdmin, null).statusCode());
  }

  @Test
  void theHubRefusesARequest() {
    String branch = uri(NORTH, "refused");
    ask(apiNorth, northAdmin, "refused", "");
    ask(apiNorth, northAdmin, "refused", "Kiruna");
    JsonObject request = waitForPending(branch);
    Eventually.holds("the repeated Join took the new place, in the same request", WAIT,
        () -> onHub("pending", null).stream().filter(b -> b.getString("branch").equals(branch))
            .map(b -> b.getString("place")).toList().equals(List.of("Kiruna")));
    var refused = apiHub.post("/api/v1/groups/party/branches/" + request.getLong("id") + "/refuse", hubAdmin, null);
    assertEquals(204, refused.statusCode(), refused.bodyAsString());
    assertTrue(onHub("pending", null).stream().noneMatch(b -> b.getString("branch").equals(branch)));
    Eventually.holds("the branch heard the Reject", WAIT, () -> stateOnBranch(apiNorth, northAdmin, "refused").equals("none"));
    assertFalse(follows(hub, uri(HUB, "party"), branch), "a refused branch is not followed");
    assertEquals(404, apiHub.post("/api/v1/groups/party/branches/" + request.getLong("id") + "/approve", hubAdmin, null).statusCode());
  }

  @Test
  void theHubRemovesABranch() {
    String branch = uri(NORTH, "removed");
    String party = uri(HUB, "party");
    ask(apiNorth, northAdmin, "removed", "Umeå");
    JsonObject request = waitForPending(branch);
    approve(request);
    Eventually.holds("approved and followed both ways", WAIT,
        () -> stateOnBranch(apiNorth, northAdmin, "removed").equals("approved") && follows(north, party, branch)
            && follows(north, branch, party));
    approve(request);
    var again = apiNorth.post("/api/v1/groups/removed/hubs", northAdmin, new JsonObject().put("hub", "!party@" + HUB).put("place", "Umeå"));
    assertEquals(201, again.statusCode());
    assertEquals("approved", again.bodyAsJsonObject().getString("state"), "asking again keeps the approval");
    Eventually.holds("a repeated Join of an approved branch is answered again, and it stays approved", WAIT,
        () -> "join_repeated".equals(outcomeOfLastJoin(branch)));
    assertEquals("approved", stateOnBranch(apiNorth, northAdmin, "removed"));
    assertEquals(1, onHub("approved", "umea").size(), "still one branch, approved once");
    assertEquals(204, apiHub.send(HttpMethod.DELETE, "/api/v1/groups/party/branches/" + request.getLong("id"), hubAdmin, null)
        .statusCode());
    assertTrue(onHub("approved", null).stream().noneMatch(b -> b.getString("branch").equals(branch)));
    Eventually.holds("the branch heard it was removed, and both follows ended", WAIT,
        () -> stateOnBranch(apiNorth, northAdmin, "removed").equals("none") && !follows(north, party, branch)
            && !follows(north, branch, party) && !follows(hub, party, branch));
  }

  @Test
  void aJoinFromAPersonIsRefused() {
    FakePeer peer = FakePeer.start(vertx);
    try {
      peer.addActor("mallory");
      JsonObject join = peer.activity("Join", "mallory", uri(HUB, "party"));
      var posted = peer.post(HUB, hub.port(), HUB, "/groups/party/inbox", join, "mallory", SignatureFormat.DRAFT_CAVAGE);
      assertTrue(posted.statusCode() < 300, posted.statusCode() + " " + posted.bodyAsString());
      Eventually.holds("the Join was handled", WAIT, () -> outcome(join.getString("id")) != null);
      assertEquals("ignored:not_a_group", outcome(join.getString("id")));
      assertTrue(onHub("pending", null).stream().noneMatch(b -> b.getString("branch").equals(peer.actorUri("mallory"))));
    } finally {
      peer.close();
    }
  }

  @Test
  void anApprovedBranchIsInTheCollectionInNodeInfoAndFoundByPlace() {
    String branch = uri(WEST, "west");
    String party = uri(HUB, "party");
    BranchDirectory.join(new BranchDirectory.Side(west, apiWest, westAdmin, "west"),
        new BranchDirectory.Side(hub, apiHub, hubAdmin, "party"), "Göteborg");
    assertEquals("approved", stateOnBranch(apiWest, westAdmin, "west"));

    JsonObject actor = hub.getActivityJson(vertx, "/groups/party").send().await().bodyAsJsonObject();
    assertEquals(party + "/branches", actor.getString("branches"), "the Group actor links its branches");
    assertTrue(actor.getJsonArray("@context").encode().contains("torg:branches"), "the term is in the context");
    JsonObject collection = hub.getActivityJson(vertx, "/groups/party/branches").send().await().bodyAsJsonObject();
    assertEquals("OrderedCollection", collection.getString("type"));
    assertTrue(collection.getLong("totalItems") >= 1);
    JsonObject first = hub.getActivityJson(vertx, "/groups/party/branches?page=1").send().await().bodyAsJsonObject();
    assertEquals("OrderedCollectionPage", first.getString("type"));
    assertTrue(first.getJsonArray("orderedItems").contains(branch), first.encode());

    JsonObject branchNodeInfo = west.get(vertx, "/nodeinfo/2.1").send().await().bodyAsJsonObject();
    assertEquals(new JsonArray().add(party), branchNodeInfo.getJsonObject("metadata").getJsonObject("torg").getJsonArray("hubs"));
    JsonObject hubNodeInfo = hub.get(vertx, "/nodeinfo/2.1").send().await().bodyAsJsonObject();
    assertEquals(new JsonArray().add(party), hubNodeInfo.getJsonObject("metadata").getJsonObject("torg").getJsonArray("hostedHubs"));

    assertEquals(List.of(branch), onHub("approved", "goteborg").stream().map(b -> b.getString("branch")).toList(),
        "case and accents do not matter");
    assertEquals(List.of(branch), onHub("approved", "VASTKUST").stream().map(b -> b.getString("branch")).toList(),
        "the display name is searched too");
    assertTrue(onHub("approved", "malmo").isEmpty());

    String page = hub.get(vertx, "/groups/party/branches?q=goteborg").putHeader("Accept", "text/html").send().await().bodyAsString();
    assertTrue(page.contains("Västkusten") && page.contains("Göteborg") && page.contains(WEST), page);
    String nothing = hub.get(vertx, "/groups/party/branches?q=kiruna").putHeader("Accept", "text/html").send().await().bodyAsString();
    assertFalse(nothing.contains("Västkusten"), "a search that matches no place lists no branch");
    String hubPage = hub.get(vertx, "/groups/party").putHeader("Accept", "text/html").send().await().bodyAsString();
    assertTrue(hubPage.contains("action=\"" + party + "/branches\""), "the hub's page has the branch search");
  }

  @Test
  void badRequestsAreRefusedAndStoreNothing() {
    var tooLong = apiNorth.post("/api/v1/groups/gbg/hubs", northAdmin,
        new JsonObject().put("hub", "!party@" + HUB).put("place", "x".repeat(101)));
    assertEquals(422, tooLong.statusCode());
    assertEquals("invalid_place", tooLong.bodyAsJsonObject().getString("error"));
    var notText = apiNorth.post("/api/v1/groups/gbg/hubs", northAdmin, new JsonObject().put("hub", "!party@" + HUB).put("place", 7));
    assertEquals(422, notText.statusCode());
    var person = apiNorth.post("/api/v1/groups/gbg/hubs", northAdmin, new JsonObject().put("hub", "@sec@" + NORTH));
    assertEquals(422, person.statusCode(), person.bodyAsString());
    assertEquals("not_a_group", person.bodyAsJsonObject().getString("error"));
    var itself = apiNorth.post("/api/v1/groups/gbg/hubs", northAdmin, new JsonObject().put("hub", "!gbg@" + NORTH));
    assertEquals(422, itself.statusCode());
    assertEquals("none", stateOnBranch(apiNorth, northAdmin, "gbg"));
    assertEquals(422, apiHub.get("/api/v1/groups/party/branches?state=maybe", hubAdmin).statusCode());
    assertEquals(400, hub.getActivityJson(vertx, "/groups/party/branches?page=-1").send().await().statusCode());
    assertEquals(404, hub.getActivityJson(vertx, "/groups/nobody/branches").send().await().statusCode());
  }

  static String outcomeOfLastJoin(String actorUri) {
    var rows = hub.torg().services().pool().preparedQuery("SELECT outcome FROM inbox_activity WHERE actor_uri = $1 AND type = 'Join'"
            + " ORDER BY id DESC LIMIT 1")
        .execute(Tuple.of(actorUri)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  static String outcome(String activityUri) {
    var rows = hub.torg().services().pool().preparedQuery("SELECT outcome FROM inbox_activity WHERE activity_uri = $1")
        .execute(Tuple.of(activityUri)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }
}
