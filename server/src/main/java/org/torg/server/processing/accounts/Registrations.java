package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import org.torg.server.config.TorgConfig.Registration;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.AuditRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.AccountState;
import org.torg.server.model.ActorType;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.model.Principal;
import org.torg.server.model.Role;
import org.torg.server.processing.LocalActors;
import org.torg.server.processing.LocalKeys;

/**
 * New accounts: open registration, registration that an admin approves, and admins made from
 * the command line. Each account gets its Person actor and key in the same transaction.
 */
public final class Registrations {

  /** A new account; {@code pending} when it waits for an admin's approval. */
  public record Registered(Account account, boolean pending) {}

  private final Registration mode;
  private final LocalActors localActors;
  private final LocalKeys keys;
  private final AccountRepository accounts;
  private final ActorRepository actors;
  private final AuditRepository audit;
  private final PasswordHasher hasher;
  private final AttemptLimiter perAddress;

  public Registrations(Registration mode, LocalActors localActors, LocalKeys keys, AccountRepository accounts,
      ActorRepository actors, AuditRepository audit, PasswordHasher hasher, AttemptLimiter perAddress) {
    this.mode = mode;
    this.localActors = localActors;
    this.keys = keys;
    this.accounts = accounts;
    this.actors = actors;
    this.audit = audit;
    this.hasher = hasher;
    this.perAddress = perAddress;
  }

  /** Self-service registration, as the configured mode allows; counted against the client's address. */
  public Future<Registered> register(String rawUsername, String rawEmail, String password, String rawReason, String ip) {
    if (mode == Registration.CLOSED) {
      return Future.failedFuture(new HttpError(403, "registrations_closed", "This instance does not take new accounts."));
    }
    // Every attempt counts, successful or not, and one made while waiting makes the wait longer.
    return perAddress.record(ip).compose(wait -> wait.isZero()
        ? registerNow(rawUsername, rawEmail, password, rawReason, ip)
        : Future.failedFuture(HttpError.tooManyRequests(wait, "Too many registrations from your address.")));
  }

  private Future<Registered> registerNow(String rawUsername, String rawEmail, String password, String rawReason, String ip) {
    boolean pending = mode == Registration.APPROVAL;
    String username = AccountRules.username(rawUsername);
    return localActors.checkName(ActorType.Person, username)
        .compose(ok -> create(username, AccountRules.email(rawEmail), AccountRules.password(password), Role.CITIZEN, pending,
            AccountRules.reason(rawReason)))
        .compose(account -> audit.record(new AuditEvent.New(AuditKind.REGISTERED, account.id(), null, null, ip,
                new JsonObject().put("pending", pending)))
            .map(new Registered(account, pending)));
  }

  /** An admin account, made by the operator (the create-admin command): no mode, no limits. */
  public Future<Account> createAdmin(String rawUsername, String rawEmail, String password) {
    String username = AccountRules.username(rawUsername);
    String email;
    try {
      email = rawEmail == null || rawEmail.isBlank() ? null : AccountRules.email(rawEmail);
      AccountRules.password(password);
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    return create(username, email, password, Role.ADMIN, false, null)
        .compose(account -> audit.record(new AuditEvent.New(AuditKind.ADMIN_CREATED, account.id(), null, null, null, null))
            .map(account));
  }

  /** An admin approves a pending registration: its actor is served from now on. */
  public Future<Account> approve(Principal admin, String username, String ip) {
    return pending(username).compose(account -> accounts.pool().withTransaction(tx -> accounts.approve(tx, account.id())
            .compose(ok -> actors.approve(tx, account.actor().id()))
            .compose(v -> audit.record(tx, new AuditEvent.New(AuditKind.REGISTRATION_APPROVED, account.id(),
                admin.accountId(), null, ip, null))))
        .compose(v -> accounts.findById(account.id())).map(Optional::orElseThrow));
  }

  /** An admin refuses a pending registration: it is removed and the name is free again. */
  public Future<Void> reject(Principal admin, String username, String ip) {
    return pending(username).compose(account -> accounts.pool().withTransaction(tx -> audit.record(tx,
            new AuditEvent.New(AuditKind.REGISTRATION_REJECTED, null, admin.accountId(), account.username(), ip, null))
        .compose(v -> accounts.deletePending(tx, account.id()))
        .compose(actorId -> actorId.isPresent()
            ? keys.deleteStored(tx, account.actor().uri()).compose(d -> actors.deleteNeverServed(tx, actorId.get()))
            : Future.failedFuture(new HttpError(409, "not_pending", "That registration was already decided.")))));
  }

  private Future<Account> pending(String username) {
    return accounts.findByUsername(AccountRules.username(username)).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "No such account."));
      }
      if (found.get().state() != AccountState.PENDING) {
        return Future.failedFuture(new HttpError(409, "not_pending", "That account is not waiting for approval."));
      }
      return Future.succeededFuture(found.get());
    });
  }

  private Future<Account> create(String username, String email, String password, Role role, boolean pending, String reason) {
    return localActors.checkName(ActorType.Person, username)
        .compose(ok -> Future.all(hasher.hash(password), keys.generateSealed(localActors.uriOf(ActorType.Person, username))))
        .compose(both -> accounts.pool().withTransaction(tx -> localActors.insert(tx, both.resultAt(1), ActorType.Person,
                username, null, null, false, pending)
            .compose(actor -> accounts.insert(tx, actor.id(), username, email, both.resultAt(0), role,
                pending ? AccountState.PENDING : AccountState.ACTIVE, reason))))
        .recover(e -> Future.failedFuture(e instanceof AccountRepository.DuplicateAccountException dup
            ? new HttpError(409, dup.field() + "_taken", "That " + dup.field() + " is already taken.") : e))
        .compose(id -> accounts.findById(id)).map(Optional::orElseThrow);
  }
}
