package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.Account;
import org.torg.server.model.AccountState;
import org.torg.server.model.Role;

/** The account table, always read with its actor. */
public final class AccountRepository {

  static final String SELECT = "SELECT " + ActorRepository.columns("act") + ", ac.id AS account_id, ac.email, ac.bio,"
      + " ac.role, ac.state, ac.registration_reason, ac.created_at AS account_created_at, ac.password_hash,"
      + " ac.failed_sign_ins, ac.sign_in_blocked_until, ac.default_language, ac.ui_language FROM account ac JOIN actor act ON act.id = ac.actor_id";

  /** An account with what a sign-in checks; only the sign-in and password code read this. */
  public record Credentials(Account account, String passwordHash, int failedSignIns, Optional<Instant> blockedUntil) {}

  /** A username or email that is already taken. */
  public static final class DuplicateAccountException extends RuntimeException {
    private final String field;

    DuplicateAccountException(String field) {
      super(field + " is already taken", null, false, false);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  private final Pool pool;

  public AccountRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** In the caller's transaction; a taken username or email fails with DuplicateAccountException. */
  public Future<Long> insert(SqlClient tx, long actorId, String username, String email, String passwordHash, Role role,
      AccountState state, String registrationReason) {
    return tx.preparedQuery("INSERT INTO account (actor_id, username, email, password_hash, role, state, registration_reason,"
            + " password_changed_at, approved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now(),"
            + " CASE WHEN $6 = 'active' THEN now() END) RETURNING id")
        .execute(Tuple.from(new Object[] {actorId, username, email, passwordHash, role.wire(), state.wire(), registrationReason}))
        .map(rows -> rows.iterator().next().getLong(0))
        .recover(e -> Future.failedFuture(ActorRepository.isUniqueViolation(e)
            ? new DuplicateAccountException(e.getMessage().contains("email") ? "email" : "username") : e));
  }

  public Future<Optional<Account>> findById(long id) {
    return one(pool, SELECT + " WHERE ac.id = $1", Tuple.of(id)).map(c -> c.map(Credentials::account));
  }

  public Future<Optional<Account>> findByUsername(String username) {
    return one(pool, SELECT + " WHERE ac.username = $1", Tuple.of(username)).map(c -> c.map(Credentials::account));
  }

  public Future<Optional<Account>> findByActorId(long actorId) {
    return one(pool, SELECT + " WHERE ac.actor_id = $1", Tuple.of(actorId)).map(c -> c.map(Credentials::account));
  }

  public Future<Optional<Credentials>> credentials(String username) {
    return one(pool, SELECT + " WHERE ac.username = $1", Tuple.of(username));
  }

  public Future<Optional<Credentials>> credentials(long id) {
    return one(pool, SELECT + " WHERE ac.id = $1", Tuple.of(id));
  }

  /** Counts one more failed sign-in and returns the count. */
  public Future<Integer> countFailedSignIn(long id) {
    return pool.preparedQuery("UPDATE account SET failed_sign_ins = failed_sign_ins + 1 WHERE id = $1 RETURNING failed_sign_ins")
        .execute(Tuple.of(id)).map(rows -> rows.iterator().next().getInteger(0));
  }

  public Future<Void> blockSignIn(long id, Instant until) {
    return pool.preparedQuery("UPDATE account SET sign_in_blocked_until = $2 WHERE id = $1")
        .execute(Tuple.of(id, SessionKeyRepository.utc(until))).mapEmpty();
  }

  public Future<Void> clearFailedSignIns(long id) {
    return pool.preparedQuery("UPDATE account SET failed_sign_ins = 0, sign_in_blocked_until = NULL"
            + " WHERE id = $1 AND (failed_sign_ins <> 0 OR sign_in_blocked_until IS NOT NULL)")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** A new hash for the same password (a raised cost) or for a new one ({@code changed}). */
  public Future<Void> setPasswordHash(SqlClient client, long id, String hash, boolean changed) {
    return client.preparedQuery("UPDATE account SET password_hash = $2"
            + (changed ? ", password_changed_at = now()" : "") + " WHERE id = $1 AND state <> 'deleted'")
        .execute(Tuple.of(id, hash)).mapEmpty();
  }

  public Future<Void> setBio(SqlClient tx, long id, String bio) {
    return tx.preparedQuery("UPDATE account SET bio = $2 WHERE id = $1").execute(Tuple.of(id, bio)).mapEmpty();
  }

  /** Sets the role; returns the previous one, or empty when there is no such account. */
  public Future<Optional<Role>> setRole(SqlClient tx, long id, Role role) {
    return tx.preparedQuery("UPDATE account SET role = $2 FROM account old WHERE account.id = $1 AND old.id = account.id"
            + " RETURNING old.role")
        .execute(Tuple.of(id, role.wire()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Role.fromWire(rows.iterator().next().getString(0)));
  }

  public Future<Long> countActiveAdmins(SqlClient client) {
    return client.query("SELECT count(*) FROM account WHERE role = 'admin' AND state = 'active'").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Boolean> approve(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE account SET state = 'active', approved_at = now() WHERE id = $1 AND state = 'pending'")
        .execute(Tuple.of(id)).map(r -> r.rowCount() == 1);
  }

  /** A refused registration: the row goes (audit rows keep the name); returns the actor id to delete. */
  public Future<Optional<Long>> deletePending(SqlClient tx, long id) {
    return tx.preparedQuery("DELETE FROM account WHERE id = $1 AND state = 'pending' RETURNING actor_id")
        .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** A closed account keeps its row and name; what identifies or authenticates the person goes. */
  public Future<Void> markDeleted(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE account SET state = 'deleted', deleted_at = now(), email = NULL, password_hash = NULL,"
            + " bio = NULL, registration_reason = NULL WHERE id = $1")
        .execute(Tuple.of(id))
        // The profile's fields and header go too, and its avatar and header files to the media sweep.
        .compose(v -> tx.preparedQuery("DELETE FROM actor_profile WHERE actor_id = (SELECT actor_id FROM account WHERE id = $1)")
            .execute(Tuple.of(id)))
        .compose(v -> tx.preparedQuery("UPDATE media SET profile_of = NULL WHERE profile_of = (SELECT actor_id FROM account"
            + " WHERE id = $1)").execute(Tuple.of(id)))
        .mapEmpty();
  }

  /** A moderator suspended the account: it keeps its data (for an appeal) but can no longer sign in. */
  public Future<Boolean> markSuspended(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE account SET state = 'suspended' WHERE id = $1 AND state = 'active'")
        .execute(Tuple.of(id)).map(r -> r.rowCount() == 1);
  }

  /** Accounts in a state, oldest first, after the given account id (a cursor). */
  public Future<List<Account>> listByState(AccountState state, long afterId, int limit) {
    return pool.preparedQuery(SELECT + " WHERE ac.state = $1 AND ac.id > $2 ORDER BY ac.id LIMIT $3")
        .execute(Tuple.of(state.wire(), afterId, limit))
        .map(rows -> {
          List<Account> out = new ArrayList<>();
          rows.forEach(r -> out.add(toCredentials(r).account()));
          return out;
        });
  }

  private static Future<Optional<Credentials>> one(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args)
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCredentials(rows.iterator().next())));
  }

  /** In the caller's transaction: the account's post and page languages (null: not chosen). */
  public Future<Void> setLanguages(SqlClient tx, long id, String defaultLanguage, String uiLanguage) {
    return tx.preparedQuery("UPDATE account SET default_language = $2, ui_language = $3 WHERE id = $1")
        .execute(Tuple.of(id, defaultLanguage, uiLanguage)).mapEmpty();
  }

  static Credentials toCredentials(Row r) {
    Account account = toAccount(r);
    OffsetDateTime blocked = r.getOffsetDateTime("sign_in_blocked_until");
    return new Credentials(account, r.getString("password_hash"), r.getInteger("failed_sign_ins"),
        Optional.ofNullable(blocked).map(OffsetDateTime::toInstant));
  }

  static Account toAccount(Row r) {
    return new Account(r.getLong("account_id"), ActorRepository.toActor(r), Optional.ofNullable(r.getString("email")),
        r.getString("bio"), Role.fromWire(r.getString("role")).orElseThrow(), AccountState.fromWire(r.getString("state")),
        Optional.ofNullable(r.getString("registration_reason")),
        r.getOffsetDateTime("account_created_at").toInstant(), r.getString("default_language"), r.getString("ui_language"));
  }
}
