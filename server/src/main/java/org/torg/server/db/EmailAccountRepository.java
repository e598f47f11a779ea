package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;

/**
 * What email needs of an account (V25): whether its address is verified, which notification
 * emails it asked for, and the client addresses it has signed in from.
 */
public final class EmailAccountRepository {

  /** An account's address and email choices. {@code language}: en, sv or nb; null when never chosen. */
  public record EmailSettings(long accountId, String username, Optional<String> email, boolean verified, boolean onReply,
      boolean onMention, boolean onCitation, String language) {}

  private static final String SELECT = "SELECT id, username, email, email_verified_at IS NOT NULL AS verified, email_on_reply,"
      + " email_on_mention, email_on_citation, email_language FROM account";

  private final Pool pool;

  public EmailAccountRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Optional<EmailSettings>> settings(long accountId) {
    return one(SELECT + " WHERE id = $1", Tuple.of(accountId));
  }

  /** The active account a reset asks for: by its email (lower case) or its username. */
  public Future<Optional<EmailSettings>> forReset(String emailOrUsername) {
    return one(SELECT + " WHERE state = 'active' AND email IS NOT NULL AND password_hash IS NOT NULL"
        + " AND (email = $1 OR username = $1)", Tuple.of(emailOrUsername));
  }

  /** The address is proven, if it is still the account's address. */
  public Future<Boolean> markVerified(SqlClient client, long accountId, String email, Instant at) {
    return client.preparedQuery("UPDATE account SET email_verified_at = coalesce(email_verified_at, $3) WHERE id = $1 AND email = $2")
        .execute(Tuple.of(accountId, email, SessionKeyRepository.utc(at))).map(rows -> rows.rowCount() == 1);
  }

  /** The account's address changed: it is unproven again, and its notification emails wait for the proof. */
  public Future<Void> unverify(SqlClient client, long accountId) {
    return client.preparedQuery("UPDATE account SET email_verified_at = NULL WHERE id = $1").execute(Tuple.of(accountId)).mapEmpty();
  }

  public Future<Void> choose(long accountId, boolean onReply, boolean onMention, boolean onCitation, String language) {
    return pool.preparedQuery("UPDATE account SET email_on_reply = $2, email_on_mention = $3, email_on_citation = $4,"
            + " email_language = coalesce($5, email_language) WHERE id = $1")
        .execute(Tuple.of(accountId, onReply, onMention, onCitation, language)).mapEmpty();
  }

  /** One-click unsubscribe: every notification email off. */
  public Future<Void> unsubscribe(long accountId) {
    return pool.preparedQuery("UPDATE account SET email_on_reply = false, email_on_mention = false, email_on_citation = false"
            + " WHERE id = $1").execute(Tuple.of(accountId)).mapEmpty();
  }

  /**
   * Records a sign-in from {@code ip}; true when the account had signed in before, but never from
   * this address (the first sign-in of all is not news to its owner).
   */
  public Future<Boolean> rememberSignIn(long accountId, String ip) {
    return pool.preparedQuery("WITH earlier AS (SELECT count(*) AS n FROM sign_in_address WHERE account_id = $1 AND ip <> $2)"
            + " INSERT INTO sign_in_address (account_id, ip) VALUES ($1, $2)"
            + " ON CONFLICT (account_id, ip) DO UPDATE SET last_at = now()"
            + " RETURNING (xmax = 0) AS inserted, (SELECT n FROM earlier) AS others")
        .execute(Tuple.of(accountId, ip))
        .map(rows -> {
          Row r = rows.iterator().next();
          return r.getBoolean("inserted") && r.getLong("others") > 0;
        });
  }

  private Future<Optional<EmailSettings>> one(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      if (rows.rowCount() == 0) {
        return Optional.<EmailSettings>empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new EmailSettings(r.getLong("id"), r.getString("username"), Optional.ofNullable(r.getString("email")),
          r.getBoolean("verified"), r.getBoolean("email_on_reply"), r.getBoolean("email_on_mention"),
          r.getBoolean("email_on_citation"), r.getString("email_language")));
    });
  }
}
