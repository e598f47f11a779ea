package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.Instances;
import org.torg.server.support.RunningTorg;

/**
 * Three Torgs: a hub Group "party" (127.0.0.100) follows branch Groups "north" (.101) and "south"
 * (.102); a citizen on the south server follows the hub, the south Group follows the hub back (a
 * loop party↔south) and north follows south (a loop north→party→south→north: threads flow from the
 * followed to the follower). A thread opened in north reaches the citizen as ONE Announce by the
 * hub; south's member replies and the reply is on all three; the loops re-share nothing twice;
 * picked mode waits for a pick.
 */
class HubsAcrossInstancesTest {

  static final String HUB = "127.0.0.100";
  static final String NORTH = "127.0.0.101";
  static final String SOUTH = "127.0.0.102";

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

  private static boolean follows(RunningTorg on, String followerUri, String followeeUri) {
    return Instances.follows(on, followerUri, followeeUri);
  }

  private static long count(RunningTorg on, String sql, Object... params) {
    return Instances.count(on, sql, params);
  }

  /** The Announces of {@code objectUri} that {@code actorUri} made on its server. */
  private static long announcesBy(RunningTorg on, String actorUri, String objectUri) {
    return count(on, "SELECT count(*) FROM outbox_activity o JOIN actor a ON a.id = o.actor_id"
        + " WHERE a.uri = $1 AND o.type = 'Announce' AND o.body->>'object' = $2", actorUri, objectUri);
  }

  /** The Announces of {@code objectUri} by {@code actorUri} that arrived on a server's inbox. */
  private static long announcesReceived(RunningTorg on, String actorUri, String objectUri) {
    return count(on, "SELECT count(*) FROM inbox_activity WHERE actor_uri = $1 AND type = 'Announce'"
        + " AND body->>'object' = $2 AND state = 'done'", actorUri, objectUri);
  }

  private static boolean stored(RunningTorg on, String uri) {
    return on.torg().services().posts().posts().findByUri(uri).await().isPresent();
  }

  private static JsonObject ok(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  @Test
  void theHubReSharesEachNewThreadOnceAndLoopsReShareNothingTwice() {
    ApiClient apiHub = hub.api(vertx);
    ApiClient apiNorth = north.api(vertx);
    ApiClient apiSouth = south.api(vertx);
    String chair = apiHub.newAdmin("chair").accessToken();
    String outsider = apiHub.newCitizen("outsider").accessToken();
    String sec = apiNorth.newAdmin("sec").accessToken();
    String south1 = apiSouth.newAdmin("organiser").accessToken();
    String ada = apiSouth.newCitizen("ada").accessToken();
    ok(apiHub.post("/api/v1/groups", chair, new JsonObject().put("name", "party")), 201);
    ok(apiNorth.post("/api/v1/groups", sec, new JsonObject().put("name", "north")), 201);
    ok(apiSouth.post("/api/v1/groups", south1, new JsonObject().put("name", "south")), 201);
    apiHub.send(HttpMethod.PUT, "/api/v1/groups/party/members/chair", chair, new JsonObject().put("role", "moderator"));
    apiNorth.send(HttpMethod.PUT, "/api/v1/groups/north/members/sec", sec, new JsonObject().put("role", "moderator"));
    apiSouth.send(HttpMethod.PUT, "/api/v1/groups/south/members/organiser", south1, new JsonObject().put("role", "moderator"));
    String party = "http://" + HUB + "/groups/party";
    String northGroup = "http://" + NORTH + "/groups/north";
    String southGroup = "http://" + SOUTH + "/groups/south";

    ok(apiHub.post("/api/v1/groups/party/follows", chair, new JsonObject().put("target", "!north@" + NORTH)), 201);
    ok(apiHub.post("/api/v1/groups/party/follows", chair, new JsonObject().put("target", "!south@" + SOUTH)), 201);
    ok(apiSouth.post("/api/v1/groups/south/follows", south1, new JsonObject().put("target", "!party@" + HUB)), 201);
    ok(apiSouth.post("/api/v1/follows", ada, new JsonObject().put("target", "@party@" + HUB)), 201);
    ok(apiNorth.post("/api/v1/groups/north/follows", sec, new JsonObject().put("target", "!south@" + SOUTH)), 201);
    eventually("the hub follows both branches, south (Group and citizen) follows the hub, north follows south",
        () -> follows(hub, party, northGroup) && follows(hub, party, southGroup) && follows(south, southGroup, party)
            && follows(south, "http://" + SOUTH + "/users/ada", party) && follows(north, northGroup, southGroup));

    // A thread opened in north reaches the hub, which re-shares it once; south stores it.
    JsonObject opened = ok(apiNorth.post("/api/v1/groups/north/threads", sec,
        new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?")), 201);
    String rootUri = opened.getJsonObject("root").getString("uri");
    eventually("the hub's Announce of the thread reached south, which stored the thread",
        () -> announcesReceived(south, party, rootUri) == 1 && stored(south, rootUri));
    // South is a hub too (it follows party): its re-share of the thread goes back to party, which has it already.
    eventually("south's re-share reached the hub", () -> announcesReceived(hub, southGroup, rootUri) == 1);
    assertEquals(1, announcesBy(hub, party, rootUri), "the hub Announced the thread exactly once");
    assertEquals(1, announcesBy(south, southGroup, rootUri), "south re-shared it once too");
    assertEquals(1, count(hub, "SELECT count(*) FROM hub_thread WHERE root_uri = $1", rootUri));
    // Round the three-Group loop, back to north: its own thread, a share there, passed on no further.
    eventually("south's re-share reached north", () -> announcesReceived(north, southGroup, rootUri) == 1);
    assertEquals(0, count(north, "SELECT count(*) FROM hub_thread"), "north never re-shares its own thread");
    assertEquals(1, north.torg().services().posts().posts().findByUri(rootUri).await().orElseThrow().shares(),
        "south's re-share counts as a share of north's post");

    // A reply from south's member joins the thread everywhere, and is not re-announced by the hub.
    long rootOnSouth = south.torg().services().posts().posts().findByUri(rootUri).await().orElseThrow().id();
    JsonObject reply = ok(apiSouth.post("/api/v1/posts/" + rootOnSouth + "/replies", ada,
        new JsonObject().put("content", "Yes, and line 7 too.")), 201);
    String replyUri = reply.getString("uri");
    eventually("the reply is on north (the thread's Group) and on the hub", () -> stored(north, replyUri) && stored(hub, replyUri));
    assertTrue(stored(south, replyUri));
    assertEquals(0, announcesBy(hub, party, replyUri), "the hub re-shares threads, not replies");

    // A thread the hub opens itself comes back from south (loop) and is not re-shared back.
    JsonObject own = ok(apiHub.post("/api/v1/groups/party/threads", chair,
        new JsonObject().put("title", "Congress").put("content", "Agenda for the congress")), 201);
    String ownUri = own.getJsonObject("root").getString("uri");
    eventually("south re-shared the hub's own thread back to it", () -> announcesReceived(hub, southGroup, ownUri) == 1);
    assertEquals(0, count(hub, "SELECT count(*) FROM hub_thread WHERE root_uri = $1", ownUri));

    // South's own thread: the hub lists threads from both branches, each with its branch and server.
    JsonObject southThread = ok(apiSouth.post("/api/v1/groups/south/threads", south1,
        new JsonObject().put("title", "Harbour park").put("content", "Benches, please.")), 201);
    String southUri = southThread.getJsonObject("root").getString("uri");
    // It reaches the hub twice, from south and re-shared by north (which follows south): remembered and Announced once.
    eventually("the hub has south's thread from south and from north", () -> announcesReceived(hub, southGroup, southUri) == 1
        && announcesReceived(hub, northGroup, southUri) == 1);
    assertEquals(1, count(hub, "SELECT count(*) FROM hub_thread WHERE root_uri = $1", southUri));
    assertEquals(1, announcesBy(hub, party, southUri));
    JsonArray listed = ok(apiHub.get("/api/v1/groups/party/hub/threads", null), 200).getJsonArray("items");
    assertEquals(2, listed.size(), listed.encodePrettily());
    assertEquals(southUri, listed.getJsonObject(0).getString("thread"), "latest activity first");
    assertEquals(new JsonObject().put("name", "south").put("host", SOUTH).put("url", southGroup),
        listed.getJsonObject(0).getJsonObject("branch"));
    assertEquals(rootUri, listed.getJsonObject(1).getString("thread"));
    assertEquals("north", listed.getJsonObject(1).getJsonObject("branch").getString("name"));
    assertEquals(NORTH, listed.getJsonObject(1).getJsonObject("branch").getString("host"));

    // The hub's page, as HTML without JavaScript: both branches' threads, each with its branch and server.
    String page = hub.get(vertx, "/groups/party").putHeader("Accept", "text/html").send().await().bodyAsString();
    String section = page.substring(page.indexOf("id=\"branch-threads-title\""));
    assertTrue(section.indexOf("Harbour park") < section.indexOf("Night buses") && section.contains("Harbour park"), section);
    assertTrue(section.contains("<a href=\"" + southGroup + "\">south</a> (" + SOUTH + ")"), section);
    assertTrue(section.contains("<a href=\"" + northGroup + "\">north</a> (" + NORTH + ")"), section);
    assertTrue(section.contains("<a href=\"" + listed.getJsonObject(1).getString("url") + "\">Night buses</a>"), section);

    // Picked mode: north's next thread reaches the hub but waits for a moderator's pick.
    JsonObject mode = ok(apiHub.send(HttpMethod.PUT, "/api/v1/groups/party/follows/reshare", chair,
        new JsonObject().put("target", "!north@" + NORTH).put("mode", "picked")), 200);
    assertEquals("picked", mode.getString("mode"));
    JsonObject second = ok(apiNorth.post("/api/v1/groups/north/threads", sec,
        new JsonObject().put("title", "Library hours").put("content", "Open on Sundays?")), 201);
    String secondUri = second.getJsonObject("root").getString("uri");
    eventually("the hub received north's second thread", () -> count(hub, "SELECT count(*) FROM hub_thread WHERE root_uri = $1"
        + " AND reshared_at IS NULL", secondUri) == 1);
    assertEquals(0, announcesBy(hub, party, secondUri), "not picked: not re-shared");

    // Bad input: nothing stored, nothing sent.
    assertEquals(403, apiHub.post("/api/v1/groups/party/reshares", outsider, new JsonObject().put("thread", secondUri)).statusCode());
    assertEquals(404, apiHub.post("/api/v1/groups/party/reshares", chair,
        new JsonObject().put("thread", "http://" + NORTH + "/posts/unknown")).statusCode());
    assertEquals(422, apiHub.post("/api/v1/groups/party/reshares", chair, new JsonObject()).statusCode());
    assertEquals(422, apiHub.send(HttpMethod.PUT, "/api/v1/groups/party/follows/reshare", chair,
        new JsonObject().put("target", "!north@" + NORTH).put("mode", "some")).statusCode());
    assertEquals(403, apiHub.send(HttpMethod.PUT, "/api/v1/groups/party/follows/reshare", outsider,
        new JsonObject().put("target", "!north@" + NORTH).put("mode", "all")).statusCode());
    assertEquals(404, apiHub.send(HttpMethod.PUT, "/api/v1/groups/party/follows/reshare", chair,
        new JsonObject().put("target", "!party@" + HUB).put("mode", "picked")).statusCode(), "a Group it does not follow");
    assertEquals(0, announcesBy(hub, party, secondUri));
    assertEquals(0, count(hub, "SELECT count(*) FROM hub_thread WHERE root_uri LIKE '%/posts/unknown'"));
    assertEquals("picked", hub.torg().services().pool().preparedQuery("SELECT f.reshare FROM follow f JOIN actor a"
        + " ON a.id = f.followee_id WHERE a.uri = $1").execute(Tuple.of(northGroup)).await().iterator().next().getString(0));

    // The pick: one Announce, and a second pick is refused.
    ok(apiHub.post("/api/v1/groups/party/reshares", chair, new JsonObject().put("thread", secondUri)), 201);
    eventually("the picked thread's Announce reached south", () -> announcesReceived(south, party, secondUri) == 1);
    assertEquals(409, apiHub.post("/api/v1/groups/party/reshares", chair, new JsonObject().put("thread", secondUri)).statusCode());
    assertEquals(1, announcesBy(hub, party, secondUri));

    // Taking the pick back: the followers get Undo(Announce); only a moderator may, and only once.
    String unpick = "/api/v1/groups/party/reshares?thread=" + java.net.URLEncoder.encode(secondUri, java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(403, apiHub.send(HttpMethod.DELETE, unpick, outsider, null).statusCode());
    assertEquals(422, apiHub.send(HttpMethod.DELETE, "/api/v1/groups/party/reshares", chair, null).statusCode());
    assertEquals(404, apiHub.send(HttpMethod.DELETE, "/api/v1/groups/party/reshares?thread=http%3A%2F%2F" + NORTH + "%2Fposts%2Fnone",
        chair, null).statusCode());
    assertEquals(204, apiHub.send(HttpMethod.DELETE, unpick, chair, null).statusCode());
    eventually("the Undo of the hub's Announce reached south", () -> count(south, "SELECT count(*) FROM inbox_activity"
        + " WHERE actor_uri = $1 AND type = 'Undo' AND body->'object'->>'type' = 'Announce' AND body->'object'->>'object' = $2",
        party, secondUri) == 1);
    assertEquals(409, apiHub.send(HttpMethod.DELETE, unpick, chair, null).statusCode());
  }
}
