package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.torg.server.model.Account;

/** Sessions and their refresh tokens (stored as hashes). */
public final class SessionRepository {

  /** A live session with its account, as one authenticated request needs it. */
  /** {@code twoFactor}: the account has two-factor sign-in on. */
  public record ActiveSession(UUID id, Account account, String csrfToken, boolean twoFactor) {}

  public record SessionOwner(UUID sessionId, long accountId) {}

  /** What presenting a refresh token led to. */
  public enum RefreshOutcome { ROTATED, UNKNOWN, REUSED, ENDED }

  public record Refreshed(RefreshOutcome outcome, Optional<UUID> sessionId, Optional<Long> accountId) {
    static Refreshed of(RefreshOutcome outcome) {
      return new Refreshed(outcome, Optional.empty(), Optional.empty());
    }
  }

  private final Pool pool;

  public SessionRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> create(UUID id, long accountId, String csrfToken, String ip, String userAgent, Instant expiresAt,
      byte[] refreshHash) {
    return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO session (id, account_id, csrf_token, ip, user_agent, expires_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(id, accountId, csrfToken, ip, userAgent, SessionKeyRepository.utc(expiresAt)))
        .compose(v -> insertRefresh(tx, id, refreshHash)));
  }

  /** The session, if it is neither revoked nor past its end, with its account (in any state: the caller decides). */
  public Future<Optional<ActiveSession>> active(UUID id, long accountId, Instant now) {
    return pool.preparedQuery(AccountRepository.SELECT.replace(" FROM account ac", ", s.csrf_token,"
            + " EXISTS (SELECT 1 FROM account_totp t WHERE t.account_id = ac.id AND t.confirmed_at IS NOT NULL) AS two_factor"
            + " FROM account ac")
            + " JOIN session s ON s.account_id = ac.id WHERE s.id = $1 AND ac.id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3")
        .execute(Tuple.of(id, accountId, SessionKeyRepository.utc(now)))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new ActiveSession(id, AccountRepository.toAccount(r), r.getString("csrf_token"),
              r.getBoolean("two_factor")));
        });
  }

  /**
   * Trades a refresh token for a new one, in one transaction. A token already used once means
   * it leaked (or was replayed): the whole session is revoked.
   */
  public Future<Refreshed> rotate(byte[] presented, byte[] replacement, Instant now) {
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT rt.used_at, s.id, s.account_id, s.revoked_at, s.expires_at"
            + " FROM refresh_token rt JOIN session s ON s.id = rt.session_id WHERE rt.token_hash = $1 FOR UPDATE OF rt, s")
        .execute(Tuple.of(Buffer.buffer(presented)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Refreshed.of(RefreshOutcome.UNKNOWN));
          }
          Row r = rows.iterator().next();
          UUID session = r.getUUID("id");
          long account = r.getLong("account_id");
          if (r.getValue("revoked_at") != null || !r.getOffsetDateTime("expires_at").toInstant().isAfter(now)) {
            return Future.succeededFuture(new Refreshed(RefreshOutcome.ENDED, Optional.of(session), Optional.of(account)));
          }
          if (r.getValue("used_at") != null) {
            return revoke(tx, session, "refresh token reused")
                .map(new Refreshed(RefreshOutcome.REUSED, Optional.of(session), Optional.of(account)));
          }
          return tx.preparedQuery("UPDATE refresh_token SET used_at = now() WHERE token_hash = $1")
              .execute(Tuple.of(Buffer.buffer(presented)))
              .compose(v -> tx.preparedQuery("UPDATE session SET refreshed_at = now() WHERE id = $1").execute(Tuple.of(session)))
              .compose(v -> insertRefresh(tx, session, replacement))
              .map(new Refreshed(RefreshOutcome.ROTATED, Optional.of(session), Optional.of(account)));
        }));
  }

  /** The live session of a refresh token that has not been traded in yet (a cookie session renewing its access token). */
  public Future<Optional<SessionOwner>> ownerOfUnusedRefreshToken(byte[] hash, Instant now) {
    return pool.preparedQuery("SELECT s.id, s.account_id FROM refresh_token rt JOIN session s ON s.id = rt.session_id"
            + " WHERE rt.token_hash = $1 AND rt.used_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > $2")
        .execute(Tuple.of(Buffer.buffer(hash), SessionKeyRepository.utc(now)))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new SessionOwner(rows.iterator().next().getUUID(0), rows.iterator().next().getLong(1))));
  }

  /** The session a refresh token belongs to, used or not. */
  public Future<Optional<SessionOwner>> sessionOfRefreshToken(byte[] hash) {
    return pool.preparedQuery("SELECT s.id, s.account_id FROM refresh_token rt JOIN session s ON s.id = rt.session_id"
            + " WHERE rt.token_hash = $1")
        .execute(Tuple.of(Buffer.buffer(hash)))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new SessionOwner(rows.iterator().next().getUUID(0), rows.iterator().next().getLong(1))));
  }

  public Future<Boolean> revoke(SqlClient client, UUID id, String reason) {
    return client.preparedQuery("UPDATE session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(id, reason)).map(r -> r.rowCount() == 1);
  }

  public Future<Boolean> revoke(UUID id, String reason) {
    return revoke(pool, id, reason);
  }

  /** Revokes every live session of an account but {@code keep} (may be null); returns how many. */
  public Future<Integer> revokeAll(SqlClient client, long accountId, UUID keep, String reason) {
    return client.preparedQuery("UPDATE session SET revoked_at = now(), revoked_reason = $3"
            + " WHERE account_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)")
        .execute(Tuple.of(accountId, keep, reason)).map(r -> r.rowCount());
  }

  private static Future<Void> insertRefresh(SqlClient tx, UUID session, byte[] hash) {
    return tx.preparedQuery("INSERT INTO refresh_token (token_hash, session_id) VALUES ($1, $2)")
        .execute(Tuple.of(Buffer.buffer(hash), session)).mapEmpty();
  }
}
