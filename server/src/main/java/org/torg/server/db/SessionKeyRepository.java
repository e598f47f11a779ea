package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The session_key table: access-token signing keys, their private halves sealed. */
public final class SessionKeyRepository {

  /** A stored key; {@code privateKeySealed} opens with the secrets keyset and the label {@code session-key#kid}. */
  public record StoredSessionKey(String kid, String algorithm, String publicJwk, byte[] privateKeySealed,
      Instant signsUntil, Instant verifiesUntil) {}

  private final Pool pool;

  public SessionKeyRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(StoredSessionKey key) {
    return pool.preparedQuery("INSERT INTO session_key (kid, algorithm, public_jwk, private_key_sealed, signs_until, verifies_until)"
            + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(key.kid(), key.algorithm(), key.publicJwk(), io.vertx.core.buffer.Buffer.buffer(key.privateKeySealed()),
            utc(key.signsUntil()), utc(key.verifiesUntil())))
        .mapEmpty();
  }

  /** Keys that still verify at {@code now}, the newest first. */
  public Future<List<StoredSessionKey>> usable(Instant now) {
    return pool.preparedQuery("SELECT kid, algorithm, public_jwk, private_key_sealed, signs_until, verifies_until"
            + " FROM session_key WHERE verifies_until > $1 ORDER BY signs_until DESC, created_at DESC")
        .execute(Tuple.of(utc(now)))
        .map(rows -> {
          List<StoredSessionKey> out = new ArrayList<>();
          rows.forEach(r -> out.add(toKey(r)));
          return out;
        });
  }

  /** Ends a key's signing early (a forced rotation); it verifies until {@code verifiesUntil}. */
  public Future<Void> retire(String kid, Instant signsUntil, Instant verifiesUntil) {
    return pool.preparedQuery("UPDATE session_key SET signs_until = least(signs_until, $2), verifies_until = least(verifies_until, $3)"
            + " WHERE kid = $1")
        .execute(Tuple.of(kid, utc(signsUntil), utc(verifiesUntil))).mapEmpty();
  }

  /** Keys nothing can use any more: every token they signed has expired. */
  public Future<Integer> deleteExpired(Instant now) {
    return pool.preparedQuery("DELETE FROM session_key WHERE verifies_until <= $1").execute(Tuple.of(utc(now)))
        .map(r -> r.rowCount());
  }

  private static StoredSessionKey toKey(Row r) {
    return new StoredSessionKey(r.getString("kid"), r.getString("algorithm"), r.getString("public_jwk"),
        r.getBuffer("private_key_sealed").getBytes(), r.getOffsetDateTime("signs_until").toInstant(),
        r.getOffsetDateTime("verifies_until").toInstant());
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
