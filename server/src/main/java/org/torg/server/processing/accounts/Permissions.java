package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.server.db.GroupMemberRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.GroupRole;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Principal;
import org.torg.server.model.Role;

/**
 * Who may do what, decided on the server for every API route. Route classes, from open to
 * closed: anyone; any signed-in account; a member of the Group; a moderator of the Group;
 * an instance moderator; an admin. Each wider role includes the narrower ones: an admin moderates
 * the instance, an instance moderator moderates every Group, a Group moderator is a member.
 * Anonymous requests get 401, signed-in ones without the role 403.
 */
public final class Permissions {

  private static final HttpError SIGN_IN = new HttpError(401, "unauthorized", "Sign in first.");

  private final GroupMemberRepository members;

  public Permissions(GroupMemberRepository members) {
    this.members = members;
  }

  public static Principal signedIn(Optional<Principal> principal) {
    return principal.orElseThrow(() -> SIGN_IN);
  }

  public static Principal instanceModerator(Optional<Principal> principal) {
    Principal p = signedIn(principal);
    if (!p.role().moderatesInstance()) {
      throw new HttpError(403, "forbidden", "Only moderators may do this.");
    }
    return p;
  }

  public static Principal admin(Optional<Principal> principal) {
    Principal p = signedIn(principal);
    if (p.role() != Role.ADMIN) {
      throw new HttpError(403, "forbidden", "Only admins may do this.");
    }
    return p;
  }

  /** The principal, when it moderates this Group (its own moderators, and the instance's). */
  public Future<Principal> groupModerator(Optional<Principal> principal, LocalGroup group) {
    return roleIn(principal, group).compose(role -> role.filter(r -> r == GroupRole.MODERATOR).isPresent()
        ? Future.succeededFuture(principal.get())
        : Future.failedFuture(new HttpError(403, "forbidden", "Only moderators of this group may do this.")));
  }

  /** The principal, when it belongs to this Group (members, its moderators, instance moderators). */
  public Future<Principal> groupMember(Optional<Principal> principal, LocalGroup group) {
    return roleIn(principal, group).compose(role -> role.isPresent()
        ? Future.succeededFuture(principal.get())
        : Future.failedFuture(new HttpError(403, "forbidden", "Only members of this group may do this.")));
  }

  /** The principal's effective role in a Group: instance moderators and admins moderate every Group. */
  public Future<Optional<GroupRole>> roleIn(Optional<Principal> principal, LocalGroup group) {
    Principal p;
    try {
      p = signedIn(principal);
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    if (p.role().moderatesInstance()) {
      return Future.succeededFuture(Optional.of(GroupRole.MODERATOR));
    }
    return members.roleOf(group.actor().id(), p.accountId());
  }
}
