package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.Set;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.GroupMemberRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.model.Principal;
import org.torg.server.processing.delivery.Outbox;

/**
 * Closing an account, as its owner asks (password confirmed): the actor answers 410 from then
 * on, its Delete goes to every server that follows it or that it follows (Mastodon and its peers
 * then drop the actor's posts), its own posts become tombstones here, its sessions end and what
 * identifies the person (email, password hash, bio) is erased. The name stays taken, as on
 * Mastodon, so no one else can ever speak under the ids others have stored. The actor's key is
 * kept: the queued Deletes are signed with it.
 */
public final class AccountDeletion {

  private final AccountRepository accounts;
  private final ActorRepository actors;
  private final FollowRepository follows;
  private final SessionRepository sessions;
  private final GroupMemberRepository groupMembers;
  private final AuditRepository audit;
  private final AccountProfiles profiles;
  private final PostRepository posts;
  private final Outbox outbox;
  private final ActivityDocuments documents;

  public AccountDeletion(AccountRepository accounts, ActorRepository actors, FollowRepository follows,
      SessionRepository sessions, GroupMemberRepository groupMembers, AuditRepository audit, AccountProfiles profiles,
      PostRepository posts, Outbox outbox, ActivityDocuments documents) {
    this.accounts = accounts;
    this.actors = actors;
    this.follows = follows;
    this.sessions = sessions;
    this.groupMembers = groupMembers;
    this.audit = audit;
    this.profiles = profiles;
    this.posts = posts;
    this.outbox = outbox;
    this.documents = documents;
  }

  public Future<Void> delete(Principal principal, String password, String ip) {
    var account = principal.account();
    var actor = account.actor();
    return profiles.checkPassword(principal, password).compose(ok -> outbox.inTransaction(tx -> {
      Future<Set<String>> inboxes = follows.remoteFollowerInboxes(tx, actor.id())
          .compose(followers -> follows.remoteFollowingInboxes(tx, actor.id()).map(following -> {
            Set<String> all = new LinkedHashSet<>(followers);
            all.addAll(following);
            return all;
          }));
      return inboxes
          .compose(all -> outbox.send(tx, actor, documents.deleteActor(actor), all))
          .compose(v -> actors.markDeleted(tx, actor.id()))
          // Their posts become tombstones: replies by others stay, under placeholders.
          .compose(v -> posts.markAllDeletedBy(tx, actor.id()))
          .compose(v -> accounts.markDeleted(tx, account.id()))
          .compose(v -> follows.deleteAllOf(tx, actor.id()))
          .compose(v -> groupMembers.removeEverywhere(tx, account.id()))
          .compose(v -> sessions.revokeAll(tx, account.id(), null, "account deleted"))
          .compose(v -> audit.record(tx, AuditEvent.New.of(AuditKind.ACCOUNT_DELETED, account.id(), ip)));
    }));
  }
}
