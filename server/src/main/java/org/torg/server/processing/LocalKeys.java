package org.torg.server.processing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.torg.federation.proof.Ed25519Keys;
import org.torg.federation.signature.RsaKeys;
import org.torg.server.db.LocalKeyRepository;
import org.torg.server.db.LocalKeyRepository.StoredKey;
import org.torg.server.model.AssertionKey;
import org.torg.server.model.LocalKeyPair;
import org.torg.server.secrets.SecretBox;

/**
 * Local actors' key pairs: the RSA {@code main} key (HTTP signatures) and the Ed25519
 * {@code ed25519} key (integrity proofs, FEP-8b32), each generated once, sealed at rest, the same
 * after every restart. Key generation and sealing are CPU work and run on worker threads.
 */
public final class LocalKeys {

  /** The owner name of the instance actor's keys. */
  public static final String INSTANCE = "instance";
  static final String MAIN = "main";
  /** The Ed25519 key, made on first use: actors created before it existed get theirs then. */
  static final String ED25519 = "ed25519";

  private final Vertx vertx;
  private final LocalKeyRepository repository;
  private final SecretBox secrets;
  private final Map<String, LocalKeyPair> unsealed = new ConcurrentHashMap<>();
  private final Map<String, AssertionKey> assertionKeys = new ConcurrentHashMap<>();

  public LocalKeys(Vertx vertx, LocalKeyRepository repository, SecretBox secrets) {
    this.vertx = vertx;
    this.repository = repository;
    this.secrets = secrets;
  }

  /** The owner's main key pair, generated and stored on first use; unsealed once, then cached. */
  public Future<LocalKeyPair> ensure(String owner) {
    LocalKeyPair cached = unsealed.get(owner);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return repository.find(owner, MAIN)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> generateSealed(owner).compose(repository::insertIfAbsent)))
        .compose(this::unseal)
        .onSuccess(pair -> unsealed.put(owner, pair));
  }

  /** The owner's Ed25519 key pair, generated and stored on first use; unsealed once, then cached. */
  public Future<AssertionKey> ensureAssertionKey(String owner) {
    AssertionKey cached = assertionKeys.get(owner);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return repository.find(owner, ED25519)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> generateSealedEd25519(owner).compose(repository::insertIfAbsent)))
        .compose(this::unsealAssertionKey)
        .onSuccess(key -> assertionKeys.put(owner, key));
  }

  private Future<StoredKey> generateSealedEd25519(String owner) {
    return vertx.executeBlocking(() -> {
      KeyPair pair = Ed25519Keys.generate();
      byte[] sealed = secrets.seal(pair.getPrivate().getEncoded(), label(owner, ED25519));
      return new StoredKey(owner, ED25519, "Ed25519", Ed25519Keys.publicKeyPem(pair.getPublic()), sealed);
    }, false);
  }

  private Future<AssertionKey> unsealAssertionKey(StoredKey stored) {
    return vertx.executeBlocking(() -> {
      byte[] pkcs8;
      try {
        pkcs8 = secrets.open(stored.privateKeySealed(), label(stored.owner(), stored.name()));
      } catch (java.security.GeneralSecurityException e) {
        throw new KeyUnreadableException(stored.owner() + "#" + stored.name());
      }
      return new AssertionKey(stored.owner(), Ed25519Keys.parsePublicKeyPem(stored.publicKeyPem()),
          Ed25519Keys.parsePrivateKeyPkcs8(pkcs8));
    }, false);
  }

  /** A key already unsealed by {@link #ensure}: for signers called where no Future can wait. */
  public LocalKeyPair cached(String owner) {
    LocalKeyPair pair = unsealed.get(owner);
    if (pair == null) {
      throw new IllegalStateException("the key of " + owner + " is not loaded yet");
    }
    return pair;
  }

  /** A new RSA-2048 main key, sealed for storage; the caller stores it (e.g. with its actor). */
  public Future<StoredKey> generateSealed(String owner) {
    return vertx.executeBlocking(() -> {
      KeyPair pair = RsaKeys.generate();
      byte[] sealed = secrets.seal(RsaKeys.privateKeyPkcs8(pair.getPrivate()), label(owner, MAIN));
      return new StoredKey(owner, MAIN, "RSA", RsaKeys.publicKeyPem(pair.getPublic()), sealed);
    }, false);
  }

  /** In the caller's transaction: forgets an owner's keys (an actor that was never served). */
  public Future<Void> deleteStored(io.vertx.sqlclient.SqlClient tx, String owner) {
    unsealed.remove(owner);
    assertionKeys.remove(owner);
    return repository.deleteAll(tx, owner);
  }

  private Future<LocalKeyPair> unseal(StoredKey stored) {
    return vertx.executeBlocking(() -> {
      byte[] pkcs8;
      try {
        pkcs8 = secrets.open(stored.privateKeySealed(), label(stored.owner(), stored.name()));
      } catch (java.security.GeneralSecurityException e) {
        throw new KeyUnreadableException(stored.owner() + "#" + stored.name());
      }
      return new LocalKeyPair(stored.owner(), stored.name(), stored.publicKeyPem(), RsaKeys.parsePrivateKeyPkcs8(pkcs8));
    }, false);
  }

  private static String label(String owner, String name) {
    return owner + "#" + name;
  }

  /** The stored private key does not open with this secrets keyset: the keyset was replaced or lost. */
  public static final class KeyUnreadableException extends RuntimeException {
    KeyUnreadableException(String key) {
      super("the private key " + key + " cannot be decrypted with the secrets keyset"
          + " (is TORG_SECRETS_KEYSET the keyset this database was created with?)");
    }
  }
}
