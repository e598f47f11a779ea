package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** The account_totp and account_recovery_code tables (V23): two-factor sign-in. */
public final class TwoFactorRepository {

  /** An account's sealed TOTP secret; {@code confirmed}: proven with a first code, and asked for at sign-in. */
  public record Secret(byte[] sealed, boolean confirmed, long lastStep) {}

  private final Pool pool;

  public TwoFactorRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Optional<Secret>> find(long accountId) {
    return pool.preparedQuery("SELECT secret, confirmed_at IS NOT NULL, last_step FROM account_totp WHERE account_id = $1")
        .execute(Tuple.of(accountId)).map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
            .map(r -> new Secret(r.getBuffer(0).getBytes(), r.getBoolean(1), r.getLong(2))));
  }

  /** A new, unconfirmed secret, replacing an unconfirmed one; false when a confirmed one is there (nothing changes). */
  public Future<Boolean> begin(long accountId, byte[] sealed) {
    return pool.preparedQuery("INSERT INTO account_totp (account_id, secret) VALUES ($1, $2)"
            + " ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, created_at = now()"
            + " WHERE account_totp.confirmed_at IS NULL")
        .execute(Tuple.of(accountId, Buffer.buffer(sealed))).map(rows -> rows.rowCount() == 1);
  }

  /**
   * Takes a code's time step for the account, once: false when that step or a later one was
   * used already (a replayed code). {@code confirm}: also confirms the secret (the first code).
   */
  public Future<Boolean> useStep(SqlClient client, long accountId, long step, boolean confirm) {
    return client.preparedQuery("UPDATE account_totp SET last_step = $2"
            + (confirm ? ", confirmed_at = coalesce(confirmed_at, now())" : "")
            + " WHERE account_id = $1 AND last_step < $2" + (confirm ? "" : " AND confirmed_at IS NOT NULL"))
        .execute(Tuple.of(accountId, step)).map(rows -> rows.rowCount() == 1);
  }

  /** Replaces the account's recovery codes (their hashes). */
  public Future<Void> setRecoveryCodes(SqlClient client, long accountId, List<byte[]> hashes) {
    Future<Void> done = client.preparedQuery("DELETE FROM account_recovery_code WHERE account_id = $1")
        .execute(Tuple.of(accountId)).mapEmpty();
    for (byte[] hash : hashes) {
      done = done.compose(v -> client.preparedQuery("INSERT INTO account_recovery_code (account_id, code_hash) VALUES ($1, $2)")
          .execute(Tuple.of(accountId, Buffer.buffer(hash))).mapEmpty());
    }
    return done;
  }

  /** Spends a recovery code: false when it is not one of the account's, or was spent. */
  public Future<Boolean> useRecoveryCode(long accountId, byte[] hash) {
    return pool.preparedQuery("UPDATE account_recovery_code SET used_at = now()"
            + " WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL")
        .execute(Tuple.of(accountId, Buffer.buffer(hash))).map(rows -> rows.rowCount() == 1);
  }

  public Future<Long> unusedRecoveryCodes(long accountId) {
    return pool.preparedQuery("SELECT count(*) FROM account_recovery_code WHERE account_id = $1 AND used_at IS NULL")
        .execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Turns two-factor sign-in off: the secret and the recovery codes go. */
  public Future<Void> remove(long accountId) {
    return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM account_recovery_code WHERE account_id = $1")
        .execute(Tuple.of(accountId))
        .compose(v -> tx.preparedQuery("DELETE FROM account_totp WHERE account_id = $1").execute(Tuple.of(accountId))))
        .mapEmpty();
  }
}
