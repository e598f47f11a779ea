package org.torg.server.processing.posts;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.db.SanctionRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.GroupRole;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Principal;
import org.torg.server.model.ReplyPolicy;
import org.torg.server.model.Sanction;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.moderation.DomainBlocks;

/**
 * Who may post where. Opening a thread takes a place in the Group (member, its moderator, an
 * instance moderator). Replying follows the thread's own reply policy when it has one, else the
 * Group's: anyone; the Group's followers (and members); members only; or closed (moderators
 * only). Nobody banned from the Group or silenced posts there, and a silenced server's actors
 * reply nowhere here.
 */
public final class ReplyPolicies {

  private final Permissions permissions;
  private final GroupProfileRepository groups;
  private final FollowRepository follows;
  private final ThreadRepository threads;
  private final SanctionRepository sanctions;
  private final DomainBlocks domains;
  private final org.torg.server.db.ConsultationRepository consultations;
  private final java.time.Clock clock;

  public ReplyPolicies(Permissions permissions, GroupProfileRepository groups, FollowRepository follows, ThreadRepository threads,
      SanctionRepository sanctions, DomainBlocks domains, org.torg.server.db.ConsultationRepository consultations,
      java.time.Clock clock) {
    this.consultations = consultations;
    this.clock = clock;
    this.permissions = permissions;
    this.groups = groups;
    this.follows = follows;
    this.threads = threads;
    this.sanctions = sanctions;
    this.domains = domains;
  }

  public Future<Void> mayOpenThread(Principal author, LocalGroup group) {
    return notSanctioned(author.account().actor())
        .compose(ok -> notBanned(group.actor().id(), author.account().actor()))
        .compose(ok -> permissions.groupMember(Optional.of(author), group)).mapEmpty();
  }

  /** The policy in force in a thread: its own, else its Group's. */
  public Future<ReplyPolicy> effective(DiscussionThread thread, LocalGroup group) {
    return threads.replyPolicyOf(thread.id()).map(own -> own.orElse(group.replyPolicy()))
        // A consultation narrows it as it moves on: members deliberate, then only moderators post.
        .compose(policy -> consultations.find(thread.id())
            .map(c -> c.map(found -> found.phase(clock.instant()).replyPolicy(policy)).orElse(policy)));
  }

  /** The policy advertised on a thread's Notes: null where the thread is not hosted by a Group here. */
  public Future<ReplyPolicy> effectiveFor(DiscussionThread thread, Actor group) {
    if (group == null || !group.local()) {
      return Future.succeededFuture(null);
    }
    return groups.findByActorId(group.id()).compose(g -> g.isEmpty() ? Future.succeededFuture(null) : effective(thread, g.get()));
  }

  /** A local account's reply in {@code thread}, hosted by {@code group} (empty: a remote thread, where anyone may reply). */
  public Future<Void> mayReply(Principal author, DiscussionThread thread, Optional<Actor> group) {
    Actor writer = author.account().actor();
    if (group.isEmpty() || !group.get().local()) {
      // A remote thread, or one a Group on another server hosts: that server decides.
      return notSanctioned(writer);
    }
    return groups.findByActorId(group.get().id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "That thread's group is gone."));
      }
      LocalGroup g = found.get();
      return notSanctioned(writer).compose(ok -> notBanned(g.actor().id(), writer)).compose(ok -> effective(thread, g))
          .compose(policy -> permissions.roleIn(Optional.of(author), g).compose(role -> {
            boolean moderator = role.filter(r -> r == GroupRole.MODERATOR).isPresent();
            boolean member = role.isPresent();
            return switch (policy) {
              case ANYONE -> Future.succeededFuture();
              case MEMBERS -> member ? Future.succeededFuture() : refuse("Only members of this group may reply here.");
              case CLOSED -> moderator ? Future.succeededFuture() : refuse("This thread is closed to replies.");
              case FOLLOWERS -> member ? Future.succeededFuture()
                  : follows.isFollowing(writer.id(), g.actor().id()).compose(following -> following
                      ? Future.succeededFuture() : refuse("Only followers of this group may reply here."));
            };
          }));
    });
  }

  /**
   * Whether a remote actor's post is admitted into a thread of this Group ({@code thread} empty:
   * it would open a new one). Empty when admitted, else why not: a short code for the outcome.
   */
  public Future<Optional<String>> refusalOfRemote(LocalGroup group, Optional<DiscussionThread> thread, Actor author) {
    if (domains.silenced(author.host())) {
      return Future.succeededFuture(Optional.of("domain_silenced"));
    }
    return sanctions.of(author.id()).compose(sanction -> {
      if (sanction.isPresent()) {
        return Future.succeededFuture(Optional.of(sanction.get() == Sanction.SILENCE ? "author_silenced" : "author_suspended"));
      }
      return sanctions.isBanned(group.actor().id(), author.id()).compose(banned -> {
        if (banned) {
          return Future.succeededFuture(Optional.of("banned_from_group"));
        }
        Future<ReplyPolicy> policy = thread.isPresent() ? effective(thread.get(), group) : Future.succeededFuture(group.replyPolicy());
        return policy.compose(p -> switch (p) {
          case ANYONE -> Future.succeededFuture(Optional.<String>empty());
          case FOLLOWERS -> follows.isFollowing(author.id(), group.actor().id())
              .map(following -> following ? Optional.<String>empty() : Optional.of("reply_policy"));
          // Members and moderators are local accounts: a remote actor is neither.
          case MEMBERS, CLOSED -> Future.succeededFuture(Optional.of("reply_policy"));
        });
      });
    });
  }

  private Future<Void> notSanctioned(Actor actor) {
    return sanctions.of(actor.id()).compose(s -> s.isEmpty() ? Future.succeededFuture()
        : Future.failedFuture(new HttpError(403, "account_" + (s.get() == Sanction.SILENCE ? "silenced" : "suspended"),
            "A moderator has limited this account: it may not post.")));
  }

  private Future<Void> notBanned(long groupId, Actor actor) {
    return sanctions.isBanned(groupId, actor.id()).compose(banned -> banned
        ? Future.failedFuture(new HttpError(403, "banned_from_group", "You are banned from this group.")) : Future.succeededFuture());
  }

  private static Future<Void> refuse(String message) {
    return Future.failedFuture(new HttpError(403, "reply_not_allowed", message));
  }
}
