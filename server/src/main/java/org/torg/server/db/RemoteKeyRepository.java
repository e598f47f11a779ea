package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Cached public keys of remote actors, by key id. */
public final class RemoteKeyRepository {

  public record RemoteKey(String keyId, String ownerUri, String publicKeyPem) {}

  private final Pool pool;

  public RemoteKeyRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<RemoteKey>> find(String keyId) {
    return pool.preparedQuery("SELECT key_id, owner_uri, public_key_pem FROM remote_key WHERE key_id = $1")
        .execute(Tuple.of(keyId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
            .map(r -> new RemoteKey(r.getString(0), r.getString(1), r.getString(2))));
  }

  /**
   * Stores a new key, or replaces a stored one only for its own owner (a rotation); true when
   * a row was written. A key id stored for another owner stays as it is: otherwise one actor's
   * document could overwrite another's key and make that actor's signatures fail.
   */
  public Future<Boolean> upsert(RemoteKey key) {
    return pool.preparedQuery("INSERT INTO remote_key (key_id, owner_uri, public_key_pem) VALUES ($1, $2, $3)"
            + " ON CONFLICT (key_id) DO UPDATE SET public_key_pem = EXCLUDED.public_key_pem, fetched_at = now()"
            + " WHERE remote_key.owner_uri = EXCLUDED.owner_uri")
        .execute(Tuple.of(key.keyId(), key.ownerUri(), key.publicKeyPem()))
        .map(rows -> rows.rowCount() == 1);
  }
}
