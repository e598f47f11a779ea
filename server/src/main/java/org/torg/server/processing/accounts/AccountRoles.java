package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.GroupMemberRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.model.GroupRole;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Principal;
import org.torg.server.model.Role;

/** Role changes, instance-wide and per Group, each recorded in the audit log with who made it. */
public final class AccountRoles {

  private final AccountRepository accounts;
  private final GroupMemberRepository members;
  private final SessionRepository sessions;
  private final AuditRepository audit;

  public AccountRoles(AccountRepository accounts, GroupMemberRepository members, SessionRepository sessions,
      AuditRepository audit) {
    this.accounts = accounts;
    this.members = members;
    this.sessions = sessions;
    this.audit = audit;
  }

  /** An admin sets an account's instance role; the last active admin cannot step down (409). */
  public Future<Account> setRole(Principal admin, String username, Role role, String ip) {
    return active(username).compose(account -> accounts.pool().withTransaction(tx -> accounts.setRole(tx, account.id(), role)
            .compose(before -> accounts.countActiveAdmins(tx).compose(admins -> admins == 0
                ? Future.failedFuture(new HttpError(409, "last_admin", "An instance needs at least one admin."))
                : audit.record(tx, new AuditEvent.New(AuditKind.ROLE_CHANGED, account.id(), admin.accountId(), null, ip,
                    new JsonObject().put("from", before.map(Role::wire).orElse(null)).put("to", role.wire()))))))
        .compose(v -> accounts.findById(account.id())).map(Optional::orElseThrow));
  }

  /** Makes an account a member or moderator of a Group (or changes which). */
  public Future<Void> setGroupRole(Principal by, LocalGroup group, String username, GroupRole role, String ip) {
    return active(username).compose(account -> accounts.pool().withTransaction(tx -> members
        .put(tx, group.actor().id(), account.id(), role)
        .compose(before -> onlyInstanceModeratorsChangeModerators(by, before)
            .compose(ok -> audit.record(tx, groupRoleEvent(by, group, account, before, Optional.of(role), ip))))));
  }

  /** Removes an account from a Group; 404 when it was not in it. */
  public Future<Void> removeFromGroup(Principal by, LocalGroup group, String username, String ip) {
    return active(username).compose(account -> accounts.pool().withTransaction(tx -> members
        .remove(tx, group.actor().id(), account.id())
        .compose(before -> before.isEmpty()
            ? Future.failedFuture(new HttpError(404, "not_a_member", "That account is not in this group."))
            : onlyInstanceModeratorsChangeModerators(by, before)
                .compose(ok -> audit.record(tx, groupRoleEvent(by, group, account, before, Optional.empty(), ip))))));
  }

  /** A Group's moderators manage its members; who moderates a Group is the instance moderators' call. */
  private static Future<Void> onlyInstanceModeratorsChangeModerators(Principal by, Optional<GroupRole> before) {
    return before.filter(r -> r == GroupRole.MODERATOR).isPresent() && !by.role().moderatesInstance()
        ? Future.failedFuture(new HttpError(403, "forbidden", "Only instance moderators change a group's moderators."))
        : Future.succeededFuture();
  }

  /** An admin ends every session of an account (a lost device, a suspected break-in). */
  public Future<Integer> revokeSessions(Principal admin, String username, String ip) {
    return accounts.findByUsername(AccountRules.username(username))
        .map(found -> found.orElseThrow(() -> new HttpError(404, "not_found", "No such account.")))
        .compose(account -> accounts.pool().withTransaction(tx -> sessions.revokeAll(tx, account.id(), null, "revoked by an admin")
            .compose(n -> audit.record(tx, new AuditEvent.New(AuditKind.SESSIONS_REVOKED, account.id(), admin.accountId(), null,
                ip, new JsonObject().put("sessions", n))).map(n))));
  }

  private static AuditEvent.New groupRoleEvent(Principal by, LocalGroup group, Account account, Optional<GroupRole> before,
      Optional<GroupRole> after, String ip) {
    return new AuditEvent.New(AuditKind.GROUP_ROLE_CHANGED, account.id(), by.accountId(), null, ip, new JsonObject()
        .put("group", group.name()).put("from", before.map(GroupRole::wire).orElse(null))
        .put("to", after.map(GroupRole::wire).orElse(null)));
  }

  private Future<Account> active(String username) {
    return accounts.findByUsername(AccountRules.username(username)).compose(found -> found.filter(Account::active).isPresent()
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(new HttpError(404, "not_found", "No such active account.")));
  }
}
