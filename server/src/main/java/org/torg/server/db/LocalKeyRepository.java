package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The local_key table: sealed private keys and their public halves. */
public final class LocalKeyRepository {

  /** A row as stored: the private key still sealed. */
  public record StoredKey(String owner, String name, String algorithm, String publicKeyPem, byte[] privateKeySealed) {}

  private final Pool pool;

  public LocalKeyRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<StoredKey>> find(String owner, String name) {
    return pool.preparedQuery(
            "SELECT owner, name, algorithm, public_key_pem, private_key_sealed FROM local_key WHERE owner = $1 AND name = $2")
        .execute(Tuple.of(owner, name))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
  }

  /**
   * Inserts the key unless one already exists for (owner, name), and returns whichever is
   * stored: when two nodes generate a key at once, both end up using the first one written.
   */
  public Future<StoredKey> insertIfAbsent(StoredKey key) {
    return insert(pool, key)
        .compose(inserted -> find(key.owner(), key.name()))
        .map(stored -> stored.orElseThrow(() -> new IllegalStateException("local_key row vanished after insert")));
  }

  /** Inserts in the caller's transaction (e.g. with the actor the key belongs to); an existing key stays. */
  public Future<Void> insert(SqlClient client, StoredKey key) {
    return client.preparedQuery(
            "INSERT INTO local_key (owner, name, algorithm, public_key_pem, private_key_sealed) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (owner, name) DO NOTHING")
        .execute(Tuple.of(key.owner(), key.name(), key.algorithm(), key.publicKeyPem(), Buffer.buffer(key.privateKeySealed())))
        .mapEmpty();
  }

  /** Removes every key of an owner that was never published (a refused registration). */
  public Future<Void> deleteAll(SqlClient client, String owner) {
    return client.preparedQuery("DELETE FROM local_key WHERE owner = $1").execute(Tuple.of(owner)).mapEmpty();
  }

  private static StoredKey toKey(Row row) {
    return new StoredKey(
        row.getString("owner"),
        row.getString("name"),
        row.getString("algorithm"),
        row.getString("public_key_pem"),
        row.getBuffer("private_key_sealed").getBytes());
  }
}
