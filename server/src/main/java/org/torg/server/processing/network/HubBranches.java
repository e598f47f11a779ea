package org.torg.server.processing.network;

import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.torg.server.db.BranchMembershipRepository;

/**
 * Which Groups are a hub's branches, and which hubs a Group belongs to: the one place the rest of
 * the branch network (party-wide consultations, members-only votes) asks. The answer is the
 * directory of branches ({@link Directory}): the Groups whose Join the hub's moderators approved.
 * This server knows the approvals its own Groups gave or received: all branches of a hub here,
 * all hubs of a branch here.
 */
public final class HubBranches {

  /** More branches than this is not one party's network; the directory's pages show them all. */
  private static final int MAX_BRANCHES = 10_000;

  private final BranchMembershipRepository memberships;

  public HubBranches(BranchMembershipRepository memberships) {
    this.memberships = memberships;
  }

  /** The actor URIs of the hub's branches, in the order they were approved. */
  public Future<Set<String>> branchUrisOf(long hubActorId) {
    return memberships.approvedBranchUris(hubActorId, MAX_BRANCHES, 0).map(LinkedHashSet::new);
  }

  /** Whether {@code branchUri} is a branch of the hub. */
  public Future<Boolean> isBranch(long hubActorId, String branchUri) {
    return branchUrisOf(hubActorId).map(branches -> branches.contains(branchUri));
  }

  /** The actor URIs of the hubs a Group is a branch of. */
  public Future<List<String>> hubUrisOf(long branchActorId) {
    return memberships.approvingHubUris(branchActorId);
  }
}
