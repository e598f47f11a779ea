package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.db.FollowRepository;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;

/** A hub Group on one Torg follows a branch Group on another: Follow and Accept between Groups, then the branch's threads reach the hub. */
class GroupFollowsAcrossInstancesTest {

  static Vertx vertx;
  static RunningTorg hub;
  static RunningTorg branch;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    hub = RunningTorg.onLoopbackAddress("127.0.0.90");
    branch = RunningTorg.onLoopbackAddress("127.0.0.91");
  }

  @AfterAll
  static void stop() {
    hub.close();
    branch.close();
    vertx.close().await();
  }

  private static boolean hubFollowsBranch(RunningTorg on) {
    var s = on.torg().services();
    var follower = s.actors().findByUri("http://127.0.0.90/groups/party").await();
    var followee = s.actors().findByUri("http://127.0.0.91/groups/north").await();
    return follower.isPresent() && followee.isPresent() && s.follows().find(follower.get().id(), followee.get().id()).await()
        .map(f -> f.state() == FollowRepository.State.accepted).orElse(false);
  }

  @Test
  void theHubFollowsTheBranchAndReceivesItsThreads() {
    ApiClient apiHub = hub.api(vertx);
    ApiClient apiBranch = branch.api(vertx);
    String hubAdmin = apiHub.newAdmin("chair").accessToken();
    String branchAdmin = apiBranch.newAdmin("sec").accessToken();
    assertEquals(201, apiHub.post("/api/v1/groups", hubAdmin, new JsonObject().put("name", "party")).statusCode());
    assertEquals(201, apiBranch.post("/api/v1/groups", branchAdmin, new JsonObject().put("name", "north")).statusCode());
    apiHub.send(HttpMethod.PUT, "/api/v1/groups/party/members/chair", hubAdmin, new JsonObject().put("role", "moderator"));
    apiBranch.send(HttpMethod.PUT, "/api/v1/groups/north/members/sec", branchAdmin, new JsonObject().put("role", "moderator"));

    var followed = apiHub.post("/api/v1/groups/party/follows", hubAdmin, new JsonObject().put("target", "!north@127.0.0.91"));
    assertEquals(201, followed.statusCode(), followed.bodyAsString());
    assertEquals("pending", followed.bodyAsJsonObject().getString("state"));
    Eventually.holds("the branch accepted the hub Group's Follow, on both", Duration.ofSeconds(30),
        () -> hubFollowsBranch(branch) && hubFollowsBranch(hub));

    var thread = apiBranch.post("/api/v1/groups/north/threads", branchAdmin,
        new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?"));
    assertEquals(201, thread.statusCode(), thread.bodyAsString());
    String rootUri = thread.bodyAsJsonObject().getJsonObject("root").getString("uri");
    Eventually.holds("the branch's new thread reached the hub", Duration.ofSeconds(30),
        () -> hub.torg().services().posts().posts().findByUri(rootUri).await().isPresent());

    assertEquals(204, apiHub.send(HttpMethod.DELETE, "/api/v1/groups/party/follows?target=!north@127.0.0.91", hubAdmin, null)
        .statusCode());
    Eventually.holds("Undo(Follow) removed the hub from the branch's followers", Duration.ofSeconds(30),
        () -> !hubFollowsBranch(branch));
  }
}
