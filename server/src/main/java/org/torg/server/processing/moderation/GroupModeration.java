package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.torg.federation.vocab.InvalidObjectException;
import org.torg.federation.vocab.PostObject;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.db.HeldPostRepository;
import org.torg.server.db.HeldPostRepository.Held;
import org.torg.server.db.ModlogRepository;
import org.torg.server.db.SanctionRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.ModAction;
import org.torg.server.model.ModlogEntry;
import org.torg.server.model.Principal;
import org.torg.server.model.ReplyPolicy;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.posts.RemotePosts;

/**
 * What a Group's moderators decide for their Group: bans, the Group's and a thread's reply
 * policy, pre-moderation and its queue. Each decision writes a modlog entry naming the Group.
 */
public final class GroupModeration {

  private static final int MAX_REASON = 1000;

  private final Outbox outbox;
  private final SanctionRepository sanctions;
  private final GroupProfileRepository groups;
  private final ThreadRepository threads;
  private final HeldPostRepository held;
  private final ActorRepository actors;
  private final AccountRepository accounts;
  private final RemotePosts remotePosts;
  private final ModlogRepository modlog;

  public GroupModeration(Outbox outbox, SanctionRepository sanctions, GroupProfileRepository groups, ThreadRepository threads,
      HeldPostRepository held, ActorRepository actors, AccountRepository accounts, RemotePosts remotePosts, ModlogRepository modlog) {
    this.outbox = outbox;
    this.sanctions = sanctions;
    this.groups = groups;
    this.threads = threads;
    this.held = held;
    this.actors = actors;
    this.accounts = accounts;
    this.remotePosts = remotePosts;
    this.modlog = modlog;
  }

  public Future<Void> ban(Principal by, LocalGroup group, Actor target, String rawReason) {
    String reason = reason(rawReason);
    if (target.id() == group.actor().id() || target.type() == org.torg.server.model.ActorType.Application) {
      return Future.failedFuture(new HttpError(422, "invalid_target", "Only accounts can be banned from a group."));
    }
    return affected(target).compose(affected -> outbox.inTransaction(tx -> sanctions.ban(tx, group.actor().id(), target.id(), reason,
            by.accountId())
        .compose(added -> !added ? Future.failedFuture(new HttpError(409, "already_banned", "That account is banned here already."))
            : modlog.record(tx, new ModlogEntry.New(ModAction.BAN_FROM_GROUP, target.handle(), reason, by.accountId(),
                group.actor().id(), affected)))).mapEmpty());
  }

  public Future<Void> unban(Principal by, LocalGroup group, Actor target, String rawReason) {
    String reason = rawReason == null || rawReason.isBlank() ? "ban lifted" : reason(rawReason);
    return affected(target).compose(affected -> outbox.inTransaction(tx -> sanctions.unban(tx, group.actor().id(), target.id())
        .compose(removed -> !removed ? Future.failedFuture(new HttpError(404, "not_found", "That account is not banned here."))
            : modlog.record(tx, new ModlogEntry.New(ModAction.UNBAN_FROM_GROUP, target.handle(), reason, by.accountId(),
                group.actor().id(), affected)))).mapEmpty());
  }

  public Future<List<JsonObject>> bans(LocalGroup group) {
    return sanctions.bans(group.actor().id());
  }

  /** A thread's own reply policy; {@code policy} null returns the thread to its Group's. */
  public Future<Void> setThreadPolicy(Principal by, LocalGroup group, DiscussionThread thread, ReplyPolicy policy, String rawReason) {
    String reason = reason(rawReason);
    return outbox.inTransaction(tx -> threads.setReplyPolicy(tx, thread.id(), policy)
        .compose(v -> modlog.record(tx, new ModlogEntry.New(ModAction.SET_REPLY_POLICY, thread.uri(),
            (policy == null ? "group's policy" : policy.wire()) + ": " + reason, by.accountId(), group.actor().id(), null))))
        .mapEmpty();
  }

  /** The Group's settings: its reply policy and whether newcomers' first posts are held. */
  public Future<Void> configure(Principal by, LocalGroup group, Optional<ReplyPolicy> policy, Optional<Boolean> premoderation,
      String rawReason) {
    String reason = reason(rawReason);
    if (policy.isEmpty() && premoderation.isEmpty()) {
      return Future.failedFuture(new HttpError(422, "nothing_to_change", "Give replyPolicy, premoderation or both."));
    }
    return outbox.inTransaction(tx -> {
      Future<Void> done = Future.succeededFuture();
      if (policy.isPresent()) {
        done = done.compose(v -> groups.setReplyPolicy(tx, group.actor().id(), policy.get()))
            .compose(v -> modlog.record(tx, new ModlogEntry.New(ModAction.SET_REPLY_POLICY, group.actor().handle(),
                policy.get().wire() + ": " + reason, by.accountId(), group.actor().id(), null))).mapEmpty();
      }
      if (premoderation.isPresent()) {
        done = done.compose(v -> groups.setPremoderation(tx, group.actor().id(), premoderation.get()))
            .compose(v -> modlog.record(tx, new ModlogEntry.New(ModAction.SET_PREMODERATION, group.actor().handle(),
                (premoderation.get() ? "on" : "off") + ": " + reason, by.accountId(), group.actor().id(), null))).mapEmpty();
      }
      return done;
    });
  }

  public Future<List<Held>> heldPosts(LocalGroup group) {
    return held.ofGroup(group.actor().id());
  }

  public Future<Held> heldPost(LocalGroup group, long id) {
    return held.findById(id).map(h -> h.filter(x -> x.groupId() == group.actor().id())
        .orElseThrow(() -> new HttpError(404, "not_found", "No such held post in this group.")));
  }

  /** Approves a held post (it joins the thread and is Announced) or rejects it (its server gets a Reject). */
  public Future<String> decide(Principal by, LocalGroup group, Held post, boolean approve, String rawReason) {
    String reason = approve && (rawReason == null || rawReason.isBlank()) ? "approved" : reason(rawReason);
    PostObject note;
    try {
      note = PostObject.parse(post.note());
    } catch (InvalidObjectException e) {
      return Future.failedFuture(new HttpError(409, "unreadable", "That held post can no longer be read."));
    }
    return actors.findById(post.authorId()).map(Optional::orElseThrow).compose(author -> outbox.inTransaction(tx ->
            held.remove(tx, post.id()).compose(removed -> !removed
                ? Future.failedFuture(new HttpError(409, "already_decided", "Another moderator decided that post."))
                : modlog.record(tx, new ModlogEntry.New(approve ? ModAction.APPROVE_POST : ModAction.REJECT_POST, note.id(),
                    reason, by.accountId(), group.actor().id(), null))))
        .compose(v -> approve ? remotePosts.approveHeld(note, author, post.activity()).map(RemotePosts.Outcome::code)
            : remotePosts.reject(group, author, post.activity(), note, "moderator").map(RemotePosts.Outcome::code)));
  }

  private Future<Long> affected(Actor target) {
    return target.local() ? accounts.findByActorId(target.id()).map(a -> a.map(Account::id).orElse(null))
        : Future.succeededFuture(null);
  }

  static String reason(String raw) {
    String reason = raw == null ? "" : raw.strip();
    if (reason.isEmpty()) {
      throw new HttpError(422, "missing_reason", "Every moderation action needs a reason: it is published in the moderation log.");
    }
    if (reason.length() > MAX_REASON) {
      throw new HttpError(422, "invalid_reason", "A reason has at most " + MAX_REASON + " characters.");
    }
    return reason;
  }
}
