package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.http.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.model.Principal;
import org.torg.server.processing.ActorUpdates;

/** What an account holder changes about themselves: the profile (federated as an Update) and the password. */
public final class AccountProfiles {

  /** A profile change; an absent field stays as it is, an empty one is cleared. */
  public record ProfileChange(Optional<String> displayName, Optional<String> bio, Optional<String> avatarUrl) {}

  private final AccountRepository accounts;
  private final SessionRepository sessions;
  private final AuditRepository audit;
  private final PasswordHasher hasher;
  private final ActorUpdates actorUpdates;

  public AccountProfiles(AccountRepository accounts, SessionRepository sessions, AuditRepository audit, PasswordHasher hasher,
      ActorUpdates actorUpdates) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.hasher = hasher;
    this.actorUpdates = actorUpdates;
  }

  /** Stores the new profile and sends the actor's Update to its followers' servers. */
  public Future<Account> update(Principal principal, ProfileChange change) {
    Account account = principal.account();
    String displayName;
    String bio;
    String avatar;
    try {
      displayName = change.displayName().isPresent() ? AccountRules.displayName(change.displayName().get())
          : account.actor().displayName();
      bio = change.bio().isPresent() ? AccountRules.bio(change.bio().get()) : account.bio();
      avatar = change.avatarUrl().isPresent() ? AccountRules.avatarUrl(change.avatarUrl().get()) : account.actor().iconUrl();
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    return actorUpdates.updateProfile(account.actor(), displayName, ProfileHtml.summary(bio), avatar,
            tx -> accounts.setBio(tx, account.id(), bio))
        .compose(actor -> accounts.findById(account.id())).map(Optional::orElseThrow);
  }

  /**
   * Checks the current password, stores the new one, and ends every other session of the
   * account: whoever else knew the old password is signed out.
   */
  public Future<Void> changePassword(Principal principal, String current, String next, String ip) {
    try {
      AccountRules.password(next);
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    return checkPassword(principal, current)
        .compose(ok -> hasher.hash(next))
        .compose(hash -> accounts.pool().withTransaction(tx -> accounts.setPasswordHash(tx, principal.accountId(), hash, true)
            .compose(v -> sessions.revokeAll(tx, principal.accountId(), principal.sessionId(), "password changed"))
            .compose(revoked -> audit.record(tx, new AuditEvent.New(AuditKind.PASSWORD_CHANGED, principal.accountId(), null,
                null, ip, new JsonObject().put("sessionsRevoked", revoked))))));
  }

  /** Succeeds when {@code password} is the account's password; 403 otherwise (the caller is signed in, so not 401). */
  public Future<Void> checkPassword(Principal principal, String password) {
    if (password == null || password.length() > AccountRules.MAX_PASSWORD) {
      return Future.failedFuture(wrongPassword());
    }
    return accounts.credentials(principal.accountId())
        .compose(found -> found.isEmpty() || found.get().passwordHash() == null ? Future.succeededFuture(false)
            : hasher.verify(password, found.get().passwordHash()))
        .compose(matches -> matches ? Future.succeededFuture() : Future.failedFuture(wrongPassword()));
  }

  private static HttpError wrongPassword() {
    return new HttpError(403, "wrong_password", "That is not your current password.");
  }
}
