package org.torg.server.support;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Makes a Group a hub's approved branch the way its moderators do (ask, approve) and waits until
 * both servers know it: what tests of the branch network set up before what they test.
 */
public final class BranchDirectory {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private BranchDirectory() {}

  /** One side of the directory: a Torg, a moderator's token there and the Group they moderate. */
  public record Side(RunningTorg torg, ApiClient api, String token, String group) {

    String uri() {
      return "http://" + torg.host() + "/groups/" + group;
    }
  }

  /**
   * The branch asks with {@code place}, the hub approves; returns once the branch heard the
   * Accept and the hub follows the branch and the branch the hub, on both servers.
   */
  public static void join(Side branch, Side hub, String place) {
    var asked = branch.api().post("/api/v1/groups/" + branch.group() + "/hubs", branch.token(),
        new JsonObject().put("hub", "!" + hub.group() + "@" + hub.torg().host()).put("place", place));
    if (asked.statusCode() != 201) {
      throw new AssertionError("asking to join: " + asked.statusCode() + " " + asked.bodyAsString());
    }
    long[] id = new long[1];
    Eventually.holds(branch.uri() + "'s request reached the hub", WAIT, () -> {
      var pending = hub.api().get("/api/v1/groups/" + hub.group() + "/branches?state=pending", hub.token()).bodyAsJsonObject();
      return pending.getJsonArray("branches").stream().map(JsonObject.class::cast)
          .filter(b -> b.getString("branch").equals(branch.uri())).peek(b -> id[0] = b.getLong("id")).findFirst().isPresent();
    });
    var approved = hub.api().post("/api/v1/groups/" + hub.group() + "/branches/" + id[0] + "/approve", hub.token(), null);
    if (approved.statusCode() != 200) {
      throw new AssertionError("approving: " + approved.statusCode() + " " + approved.bodyAsString());
    }
    Eventually.holds(branch.uri() + " is an approved branch of " + hub.uri() + ", followed both ways on both servers", WAIT,
        () -> approvedOnBranch(branch, hub.uri()) && Instances.follows(hub.torg(), hub.uri(), branch.uri())
            && Instances.follows(branch.torg(), hub.uri(), branch.uri()) && Instances.follows(branch.torg(), branch.uri(), hub.uri())
            && Instances.follows(hub.torg(), branch.uri(), hub.uri()));
  }

  private static boolean approvedOnBranch(Side branch, String hubUri) {
    var hubs = branch.api().get("/api/v1/groups/" + branch.group() + "/hubs", branch.token()).bodyAsJsonObject().getJsonArray("hubs");
    return hubs.stream().map(JsonObject.class::cast)
        .anyMatch(h -> h.getString("hub").equals(hubUri) && h.getString("state").equals("approved"));
  }
}
