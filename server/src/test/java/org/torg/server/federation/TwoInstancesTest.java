package org.torg.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.app.Services;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;

/**
 * Two Torg instances on their own loopback addresses at port 80, private addresses allowed:
 * they discover each other, follow each other, and every activity between them is signed,
 * delivered through the queue and verified (keys fetched with signed GETs).
 */
class TwoInstancesTest {

  static RunningTorg a;
  static RunningTorg b;

  @BeforeAll
  static void start() {
    a = RunningTorg.onLoopbackAddress("127.0.0.2");
    b = RunningTorg.onLoopbackAddress("127.0.0.3");
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  private static Services on(RunningTorg torg) {
    return torg.torg().services();
  }

  private static boolean accepted(RunningTorg torg, String followerUri, String followeeUri) {
    var follower = on(torg).actors().findByUri(followerUri).await();
    var followee = on(torg).actors().findByUri(followeeUri).await();
    return follower.isPresent() && followee.isPresent() && on(torg).follows().find(follower.get().id(), followee.get().id()).await()
        .map(f -> f.state() == FollowRepository.State.accepted).orElse(false);
  }

  private static String inboxLog(RunningTorg torg) {
    StringBuilder out = new StringBuilder();
    on(torg).pool().query("SELECT type, state, outcome, last_error FROM inbox_activity ORDER BY id").execute().await()
        .forEach(r -> out.append(r.getString(0)).append('/').append(r.getString(1)).append('/').append(r.getString(2))
            .append('/').append(r.getString(3)).append("; "));
    return out.toString();
  }

  @Test
  void theyFollowEachOtherAndDeliverSignedVerifiedActivities() {
    Actor ann = on(a).localActors().create(ActorType.Person, "ann", "Ann", null, false).await();
    Actor forum = on(b).localActors().create(ActorType.Group, "forum", "Forum", null, false).await();
    Actor ben = on(b).localActors().create(ActorType.Person, "ben", "Ben", null, false).await();
    Actor branch = on(a).localActors().create(ActorType.Group, "branch", "Branch", null, false).await();

    // A's person follows B's group: Follow → (B verifies, stores) → Accept → (A verifies) → accepted on both sides.
    on(a).localFollows().follow(ann, forum.uri()).await();
    Eventually.holds("B has ann as an accepted follower of forum", Duration.ofSeconds(20), () -> accepted(b, ann.uri(), forum.uri()));
    Eventually.holds("A sees its follow accepted", Duration.ofSeconds(20), () -> accepted(a, ann.uri(), forum.uri()));

    // And the other way round.
    on(b).localFollows().follow(ben, branch.uri()).await();
    Eventually.holds("ben follows branch, on both", Duration.ofSeconds(20),
        () -> accepted(a, ben.uri(), branch.uri()) && accepted(b, ben.uri(), branch.uri()));

    // A delivered activity: the group's profile Update reaches its follower's server, which applies it.
    on(b).actorUpdates().updateProfile(forum, "Forum, renamed", "<p>Now with a summary</p>", null).await();
    Eventually.holds("A shows the renamed forum", Duration.ofSeconds(20),
        () -> "Forum, renamed".equals(on(a).actors().findByUri(forum.uri()).await().orElseThrow().displayName()),
        () -> "A's inbox: " + inboxLog(a));
    assertEquals("<p>Now with a summary</p>", on(a).actors().findByUri(forum.uri()).await().orElseThrow().summary());

    // Every delivery on both sides went through and was verified, and nothing was refused.
    for (RunningTorg torg : new RunningTorg[] {a, b}) {
      long delivered = on(torg).pool().query("SELECT count(*) FROM delivery WHERE state = 'delivered'").execute().await()
          .iterator().next().getLong(0);
      long failed = on(torg).pool().query("SELECT count(*) FROM delivery WHERE state = 'failed'").execute().await()
          .iterator().next().getLong(0);
      assertTrue(delivered >= 2, "deliveries made: " + delivered);
      assertEquals(0, failed);
      String refused = on(torg).metrics().scrape();
      assertTrue(!refused.contains("result=\"unverified\""), "no inbound activity failed verification:\n" + refused);
    }

    // Undo(Follow) removes the follower on the other side.
    on(a).localFollows().unfollow(ann, on(a).actors().findByUri(forum.uri()).await().orElseThrow()).await();
    Eventually.holds("B dropped ann", Duration.ofSeconds(20), () -> !accepted(b, ann.uri(), forum.uri()));
  }
}
