package org.torg.server.processing.posts;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.http.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Principal;
import org.torg.server.model.ReplyPolicy;
import org.torg.server.processing.accounts.Permissions;

/**
 * Who may post where. Opening a thread takes a place in the Group (member, its moderator, an
 * instance moderator). Replying follows the Group's reply policy: anyone; the Group's followers
 * (and members); members only; or closed (moderators only).
 */
public final class ReplyPolicies {

  private final Permissions permissions;
  private final GroupProfileRepository groups;
  private final FollowRepository follows;

  public ReplyPolicies(Permissions permissions, GroupProfileRepository groups, FollowRepository follows) {
    this.permissions = permissions;
    this.groups = groups;
    this.follows = follows;
  }

  public Future<Void> mayOpenThread(Principal author, LocalGroup group) {
    return permissions.groupMember(Optional.of(author), group).mapEmpty();
  }

  /** A local account's reply in a thread of {@code group} (empty: a remote thread, where anyone may reply). */
  public Future<Void> mayReply(Principal author, Optional<Actor> group) {
    if (group.isEmpty() || !group.get().local()) {
      // A remote thread, or one a Group on another server hosts: that server decides.
      return Future.succeededFuture();
    }
    return groups.findByActorId(group.get().id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "That thread's group is gone."));
      }
      LocalGroup g = found.get();
      return permissions.roleIn(Optional.of(author), g).compose(role -> {
        boolean moderator = role.filter(r -> r == org.torg.server.model.GroupRole.MODERATOR).isPresent();
        boolean member = role.isPresent();
        return switch (g.replyPolicy()) {
          case ANYONE -> Future.succeededFuture();
          case MEMBERS -> member ? Future.succeededFuture() : refuse("Only members of this group may reply here.");
          case CLOSED -> moderator ? Future.succeededFuture() : refuse("This group's threads are closed to replies.");
          case FOLLOWERS -> member ? Future.succeededFuture()
              : follows.isFollowing(author.account().actor().id(), g.actor().id()).compose(following -> following
                  ? Future.succeededFuture() : refuse("Only followers of this group may reply here."));
        };
      });
    });
  }

  /** Whether a remote actor's reply is allowed into a thread of this Group. */
  public Future<Boolean> admitsRemote(LocalGroup group, Actor author) {
    ReplyPolicy policy = group.replyPolicy();
    if (policy == ReplyPolicy.ANYONE) {
      return Future.succeededFuture(true);
    }
    if (policy == ReplyPolicy.FOLLOWERS) {
      return follows.isFollowing(author.id(), group.actor().id());
    }
    // Members and moderators are local accounts: a remote actor is neither.
    return Future.succeededFuture(false);
  }

  private static Future<Void> refuse(String message) {
    return Future.failedFuture(new HttpError(403, "reply_not_allowed", message));
  }
}
