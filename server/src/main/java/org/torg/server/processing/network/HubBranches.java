package org.torg.server.processing.network;

import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.torg.server.db.FollowRepository;

/**
 * Which Groups are a hub's branches, and which hubs a Group belongs to: the one place the rest of
 * the branch network (party-wide consultations, members-only votes) asks. Until the directory of
 * branches (join, approve, leave) exists, a hub's branches are the Groups it follows with an
 * accepted follow; the directory replaces this class's answers, and nothing else needs to change.
 */
public final class HubBranches {

  private final FollowRepository follows;

  public HubBranches(FollowRepository follows) {
    this.follows = follows;
  }

  /** The actor URIs of the hub's branches, in the order they joined. */
  public Future<Set<String>> branchUrisOf(long hubActorId) {
    return follows.followedGroupUris(hubActorId).map(LinkedHashSet::new);
  }

  /** Whether {@code branchUri} is a branch of the hub. */
  public Future<Boolean> isBranch(long hubActorId, String branchUri) {
    return branchUrisOf(hubActorId).map(branches -> branches.contains(branchUri));
  }

  /** The actor URIs of the hubs a Group is a branch of. */
  public Future<List<String>> hubUrisOf(long branchActorId) {
    return follows.followingGroupUris(branchActorId);
  }
}
