package org.torg.server.processing.accounts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.db.SessionKeyRepository;
import org.torg.server.db.SessionKeyRepository.StoredSessionKey;
import org.torg.server.secrets.SecretBox;

/**
 * The ES256 keys access tokens are signed with. The newest key signs for {@code signingLifetime};
 * then a new one takes over and the old one verifies for one more access-token lifetime, so
 * every token it signed stays valid until it expires, and not a moment longer. Keys live in
 * PostgreSQL (private halves sealed with Tink), so every node of one instance shares them.
 */
public final class SessionKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SessionKeys.class);
  /** An unknown kid reloads the keys from the database, at most this often (another node may have rotated). */
  private static final Duration RELOAD_AT_MOST_EVERY = Duration.ofSeconds(5);

  /** A key ready to use. */
  public record Key(String kid, JWSSigner signer, JWSVerifier verifier, Instant signsUntil, Instant verifiesUntil) {}

  private final Vertx vertx;
  private final SessionKeyRepository repository;
  private final SecretBox secrets;
  private final Clock clock;
  private final Duration signingLifetime;
  private final Duration tokenLifetime;
  private final AtomicLong lastReload = new AtomicLong();
  private volatile List<Key> keys = List.of();

  public SessionKeys(Vertx vertx, SessionKeyRepository repository, SecretBox secrets, Clock clock,
      Duration signingLifetime, Duration tokenLifetime) {
    this.vertx = vertx;
    this.repository = repository;
    this.secrets = secrets;
    this.clock = clock;
    this.signingLifetime = signingLifetime;
    this.tokenLifetime = tokenLifetime;
  }

  /** At start and periodically: drop expired keys, make a new one when none signs now, load them all. */
  public Future<Void> rotateIfDue() {
    Instant now = clock.instant();
    return repository.deleteExpired(now)
        .compose(deleted -> load())
        .compose(loaded -> loaded.stream().anyMatch(k -> k.signsUntil().isAfter(now.plus(tokenLifetime)))
            ? Future.succeededFuture() : generate().compose(k -> load()).mapEmpty());
  }

  /**
   * Loads the keys another node may have made: with several nodes one of them rotates
   * ({@link #rotateIfDue}, a run-once job), and every node reloads periodically.
   */
  public Future<Void> reload() {
    return load().mapEmpty();
  }

  /** Now: a new key signs, and the current one only verifies until its tokens have expired. */
  public Future<Void> rotate() {
    Instant now = clock.instant();
    List<Key> current = keys;
    Future<Void> retired = Future.succeededFuture();
    for (Key key : current) {
      if (key.signsUntil().isAfter(now)) {
        retired = retired.compose(v -> repository.retire(key.kid(), now, now.plus(tokenLifetime)));
      }
    }
    return retired.compose(v -> generate()).compose(k -> load()).mapEmpty();
  }

  /** The key that signs now. */
  public Key signing() {
    Instant now = clock.instant();
    for (Key key : keys) {
      if (key.signsUntil().isAfter(now)) {
        return key;
      }
    }
    throw new IllegalStateException("no session key signs now (rotateIfDue has not run)");
  }

  /** The key with this kid that still verifies now; reloads once when it is not known here yet. */
  public Future<Optional<Key>> verifying(String kid) {
    Optional<Key> found = find(kid);
    if (found.isPresent()) {
      return Future.succeededFuture(found);
    }
    long now = System.nanoTime();
    long last = lastReload.get();
    if (now - last < RELOAD_AT_MOST_EVERY.toNanos() || !lastReload.compareAndSet(last, now)) {
      return Future.succeededFuture(Optional.empty());
    }
    return load().map(loaded -> find(kid));
  }

  private Optional<Key> find(String kid) {
    Instant now = clock.instant();
    return keys.stream().filter(k -> k.kid().equals(kid) && k.verifiesUntil().isAfter(now)).findFirst();
  }

  private Future<List<Key>> load() {
    return repository.usable(clock.instant())
        .compose(stored -> vertx.executeBlocking(() -> {
          List<Key> loaded = new ArrayList<>();
          for (StoredSessionKey s : stored) {
            loaded.add(open(s));
          }
          return loaded;
        }, false))
        .onSuccess(loaded -> keys = List.copyOf(loaded));
  }

  private Future<StoredSessionKey> generate() {
    Instant now = clock.instant();
    return vertx.executeBlocking(() -> {
      String kid = UUID.randomUUID().toString();
      ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
      byte[] sealed = secrets.seal(key.toJSONString().getBytes(StandardCharsets.UTF_8), label(kid));
      Instant signsUntil = now.plus(signingLifetime);
      return new StoredSessionKey(kid, JWSAlgorithm.ES256.getName(), key.toPublicJWK().toJSONString(), sealed,
          signsUntil, signsUntil.plus(tokenLifetime));
    }, false).compose(stored -> repository.insert(stored).map(stored))
        .onSuccess(stored -> LOG.info("New session signing key {} signs until {}", stored.kid(), stored.signsUntil()));
  }

  private Key open(StoredSessionKey stored) throws JOSEException, java.text.ParseException {
    byte[] jwk;
    try {
      jwk = secrets.open(stored.privateKeySealed(), label(stored.kid()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the session key " + stored.kid() + " cannot be decrypted with the secrets keyset"
          + " (is TORG_SECRETS_KEYSET the keyset this database was created with?)");
    }
    ECKey key = ECKey.parse(new String(jwk, StandardCharsets.UTF_8));
    return new Key(stored.kid(), new ECDSASigner(key), new ECDSAVerifier(key.toPublicJWK()), stored.signsUntil(),
        stored.verifiesUntil());
  }

  private static String label(String kid) {
    return "session-key#" + kid;
  }
}
