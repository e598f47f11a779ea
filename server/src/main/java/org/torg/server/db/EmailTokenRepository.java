package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** The links sent by email (V25 email_token): stored as the SHA-256 of their token only. */
public final class EmailTokenRepository {

  /** What a presented token turned out to be. */
  public enum Outcome { USED_NOW, VALID, ALREADY_USED, EXPIRED, UNKNOWN }

  /** The result of a look-up or a use; {@code accountId} and {@code email} are set unless UNKNOWN. */
  public record Checked(Outcome outcome, long accountId, String email) {
    static final Checked UNKNOWN = new Checked(Outcome.UNKNOWN, 0, null);
  }

  private final Pool pool;

  public EmailTokenRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** {@code expiresAt} null: a link that does not expire (unsubscribe). */
  public Future<Void> insert(SqlClient client, byte[] hash, long accountId, String purpose, String email, Instant createdAt,
      Instant expiresAt) {
    return client.preparedQuery("INSERT INTO email_token (token_hash, account_id, purpose, email, created_at, expires_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(Buffer.buffer(hash), accountId, purpose, email, SessionKeyRepository.utc(createdAt),
            expiresAt == null ? null : SessionKeyRepository.utc(expiresAt)))
        .mapEmpty();
  }

  /** Older unused links of one purpose stop working: only the newest reset link opens the form. */
  public Future<Void> retire(SqlClient client, long accountId, String purpose, Instant now) {
    return client.preparedQuery("UPDATE email_token SET used_at = $3 WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL")
        .execute(Tuple.of(accountId, purpose, SessionKeyRepository.utc(now))).mapEmpty();
  }

  /** Links of one purpose made for an account since {@code since}: what a resend limit counts. */
  public Future<Integer> countSince(long accountId, String purpose, Instant since) {
    return pool.preparedQuery("SELECT count(*) FROM email_token WHERE account_id = $1 AND purpose = $2 AND created_at > $3")
        .execute(Tuple.of(accountId, purpose, SessionKeyRepository.utc(since)))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** What a token is, without using it (the reset page checks its link before showing the form). */
  public Future<Checked> check(byte[] hash, String purpose, Instant now) {
    return select(pool, hash, purpose, now, false);
  }

  /**
   * Uses a single-use token, in the caller's transaction: USED_NOW for exactly one caller, however
   * many present it at once (the row is locked); else why not.
   */
  public Future<Checked> use(SqlClient tx, byte[] hash, String purpose, Instant now) {
    return tx.preparedQuery("UPDATE email_token SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > $3) RETURNING account_id, email")
        .execute(Tuple.of(Buffer.buffer(hash), purpose, SessionKeyRepository.utc(now)))
        .compose(rows -> rows.rowCount() == 1
            ? Future.succeededFuture(new Checked(Outcome.USED_NOW, rows.iterator().next().getLong(0),
                rows.iterator().next().getString(1)))
            : select(tx, hash, purpose, now, true));
  }

  /** An unsubscribe link: it may be used again, so it is only looked up. */
  public Future<Optional<Long>> owner(byte[] hash, String purpose) {
    return pool.preparedQuery("SELECT account_id FROM email_token WHERE token_hash = $1 AND purpose = $2")
        .execute(Tuple.of(Buffer.buffer(hash), purpose))
        .map(rows -> rows.rowCount() == 0 ? Optional.<Long>empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  private static Future<Checked> select(SqlClient client, byte[] hash, String purpose, Instant now, boolean afterFailedUse) {
    return client.preparedQuery("SELECT account_id, email, expires_at, used_at FROM email_token WHERE token_hash = $1 AND purpose = $2")
        .execute(Tuple.of(Buffer.buffer(hash), purpose))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            return Checked.UNKNOWN;
          }
          Row r = rows.iterator().next();
          OffsetDateTime expires = r.getOffsetDateTime("expires_at");
          Outcome outcome = r.getValue("used_at") != null ? Outcome.ALREADY_USED
              : expires != null && !expires.toInstant().isAfter(now) ? Outcome.EXPIRED
              : afterFailedUse ? Outcome.ALREADY_USED : Outcome.VALID;
          return new Checked(outcome, r.getLong("account_id"), r.getString("email"));
        });
  }
}
