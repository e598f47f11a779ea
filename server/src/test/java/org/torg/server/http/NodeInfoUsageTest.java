package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.RunningTorg;

/** NodeInfo says what is true of the server: whether anyone may sign up, and how many posts were written here. */
class NodeInfoUsageTest {

  @Test
  void openRegistrationsFollowsTheSettingAndLocalPostsCountsLivePostsWrittenHere() {
    Vertx vertx = Vertx.vertx();
    try (RunningTorg open = RunningTorg.start(Map.of("TORG_ACCOUNTS_REGISTRATION", "open"));
        RunningTorg approval = RunningTorg.start(Map.of("TORG_ACCOUNTS_REGISTRATION", "approval"))) {
      ApiClient api = open.api(vertx);
      String admin = api.newAdmin("chief").accessToken();
      api.post("/api/v1/groups", admin, new JsonObject().put("name", "branch"));
      JsonObject thread = api.post("/api/v1/groups/branch/threads", admin,
          new JsonObject().put("title", "Night buses").put("content", "Should line 4 run all night?")).bodyAsJsonObject();
      String rootId = thread.getJsonObject("root").getString("id");
      String replyId = api.post("/api/v1/posts/" + rootId + "/replies", admin, new JsonObject().put("content", "Yes."))
          .bodyAsJsonObject().getString("id");
      api.post("/api/v1/posts/" + rootId + "/replies", admin, new JsonObject().put("content", "Weekends at least."));
      assertEquals(204, api.send(io.vertx.core.http.HttpMethod.DELETE, "/api/v1/posts/" + replyId, admin, null).statusCode());

      JsonObject doc = open.get(vertx, "/nodeinfo/2.1").send().await().bodyAsJsonObject();
      assertEquals(true, doc.getBoolean("openRegistrations"));
      assertEquals(2, doc.getJsonObject("usage").getLong("localPosts"), "the root and one reply; the deleted one does not count");
      assertEquals(false, approval.get(vertx, "/nodeinfo/2.0").send().await().bodyAsJsonObject().getBoolean("openRegistrations"),
          "an admin approves each account: not open");
    } finally {
      vertx.close().await();
    }
  }
}
