package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.ModlogRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.SanctionRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.Actor;
import org.torg.server.model.ModAction;
import org.torg.server.model.ModlogEntry;
import org.torg.server.model.Principal;
import org.torg.server.model.Sanction;
import org.torg.server.processing.delivery.Outbox;

/**
 * Silencing and suspending single actors. A local account silenced may not post; suspended, it
 * cannot sign in, its sessions end, its actor's Delete goes to every server that follows it or
 * that it follows, and its posts become tombstones. A remote actor silenced has its new posts
 * refused in Torg's threads; suspended, its posts are removed here, its follows cut and whatever
 * it sends is dropped at the inbox. Every action writes a modlog entry in its own transaction.
 */
public final class Sanctions {

  private final Outbox outbox;
  private final SanctionRepository repository;
  private final AccountRepository accounts;
  private final ActorRepository actors;
  private final FollowRepository follows;
  private final PostRepository posts;
  private final SessionRepository sessions;
  private final ActivityDocuments documents;
  private final ModlogRepository modlog;
  private volatile Set<String> suspendedRemote = Set.of();
  /** Told after a change is committed and loaded: it tells the other nodes (DomainBlocks.CHANGED). */
  private final Runnable changed;

  public Sanctions(Outbox outbox, SanctionRepository repository, AccountRepository accounts, ActorRepository actors,
      FollowRepository follows, PostRepository posts, SessionRepository sessions, ActivityDocuments documents,
      ModlogRepository modlog, Runnable changed) {
    this.changed = changed;
    this.outbox = outbox;
    this.repository = repository;
    this.accounts = accounts;
    this.actors = actors;
    this.follows = follows;
    this.posts = posts;
    this.sessions = sessions;
    this.documents = documents;
    this.modlog = modlog;
  }

  /** Reloads the suspended remote actors the inbox drops (after a change, and periodically for other nodes). */
  public Future<Void> reload() {
    return repository.suspendedRemoteUris().map(uris -> {
      suspendedRemote = Set.copyOf(uris);
      return null;
    });
  }

  public boolean suspendedRemote(String actorUri) {
    return suspendedRemote.contains(actorUri);
  }

  public Future<Optional<Sanction>> of(Actor actor) {
    return repository.of(actor.id());
  }

  /** Fails with 403 when the local actor is silenced or suspended: they may not post. */
  public Future<Void> mayPost(Actor actor) {
    return repository.of(actor.id()).compose(s -> s.isEmpty() ? Future.succeededFuture()
        : Future.failedFuture(new HttpError(403, "account_" + (s.get() == Sanction.SILENCE ? "silenced" : "suspended"),
            "A moderator has " + (s.get() == Sanction.SILENCE ? "silenced" : "suspended") + " this account: it may not post.")));
  }

  /** Applies a sanction in its own transaction, with its modlog entry. */
  public Future<Void> apply(Principal by, Actor target, Sanction level, String reason) {
    return outbox.inTransaction(tx -> apply(tx, by, target, level, reason)).compose(v -> reload())
        .onSuccess(v -> changed.run());
  }

  /** In the caller's transaction (a report's resolution); the caller reloads after commit. */
  public Future<Void> apply(SqlConnection tx, Principal by, Actor target, Sanction level, String reason) {
    if (target.type() == org.torg.server.model.ActorType.Application || target.type() == org.torg.server.model.ActorType.Group
        && target.local()) {
      return Future.failedFuture(new HttpError(422, "invalid_target", "Only accounts can be silenced or suspended."));
    }
    if (target.local() && target.id() == by.account().actor().id()) {
      return Future.failedFuture(new HttpError(409, "self", "Moderators cannot sanction themselves."));
    }
    Future<Optional<Account>> account = target.local() ? accounts.findByActorId(target.id()) : Future.succeededFuture(Optional.empty());
    return account.compose(acc -> {
      if (acc.isPresent() && acc.get().role().moderatesInstance() && by.role() != org.torg.server.model.Role.ADMIN) {
        return Future.failedFuture(new HttpError(403, "forbidden", "Only admins may sanction moderators."));
      }
      Long affected = acc.map(Account::id).orElse(null);
      Future<Void> effect = repository.set(tx, target.id(), level, reason, by.accountId());
      if (level == Sanction.SUSPEND) {
        effect = effect.compose(v -> target.local() ? suspendLocal(tx, target, acc.orElseThrow()) : suspendRemote(tx, target));
      }
      ModAction action = level == Sanction.SILENCE ? ModAction.SILENCE_ACCOUNT : ModAction.SUSPEND_ACCOUNT;
      return effect.compose(v -> modlog.record(tx, new ModlogEntry.New(action, target.handle(), reason, by.accountId(), null,
          affected))).mapEmpty();
    });
  }

  /** Lifts a silence, or a remote suspension (the removed posts stay removed); a local suspension is final. */
  public Future<Void> lift(Principal by, Actor target, String reason) {
    return repository.of(target.id()).compose(current -> {
      if (current.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "That account has no sanction."));
      }
      if (current.get() == Sanction.SUSPEND && target.local()) {
        return Future.failedFuture(new HttpError(409, "final", "A local suspension is final: the actor was deleted on other servers."));
      }
      Future<Optional<Account>> account = target.local() ? accounts.findByActorId(target.id()) : Future.succeededFuture(Optional.empty());
      return account.compose(acc -> outbox.inTransaction(tx -> repository.lift(tx, target.id())
          .compose(v -> modlog.record(tx, new ModlogEntry.New(current.get() == Sanction.SILENCE ? ModAction.UNSILENCE_ACCOUNT
              : ModAction.UNSUSPEND_ACCOUNT, target.handle(), reason, by.accountId(), null, acc.map(Account::id).orElse(null))))))
          .compose(v -> reload())
          .onSuccess(v -> changed.run());
    });
  }

  private Future<Void> suspendLocal(SqlConnection tx, Actor actor, Account account) {
    return follows.remoteFollowerInboxes(tx, actor.id())
        .compose(followers -> follows.remoteFollowingInboxes(tx, actor.id()).map(following -> {
          Set<String> all = new LinkedHashSet<>(followers);
          all.addAll(following);
          return all;
        }))
        .compose(all -> outbox.send(tx, actor, documents.deleteActor(actor), all))
        .compose(v -> actors.markDeleted(tx, actor.id()))
        .compose(v -> posts.markAllDeletedBy(tx, actor.id()))
        .compose(v -> accounts.markSuspended(tx, account.id()))
        .compose(v -> follows.deleteAllOf(tx, actor.id()))
        .compose(v -> sessions.revokeAll(tx, account.id(), null, "account suspended"))
        .mapEmpty();
  }

  private Future<Void> suspendRemote(SqlConnection tx, Actor actor) {
    return posts.markAllDeletedBy(tx, actor.id()).compose(v -> follows.deleteAllOf(tx, actor.id())).mapEmpty();
  }
}
