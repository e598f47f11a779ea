package org.torg.server.processing.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.torg.federation.signature.RsaKeys;
import org.torg.server.db.RemoteKeyRepository;
import org.torg.server.db.RemoteKeyRepository.RemoteKey;

/**
 * Public keys of remote actors for signature verification: parsed keys in memory, then the
 * remote_key table, then a signed GET of the key id. A key belongs to the actor whose document
 * declares it; a key document naming an owner counts only once that owner's document agrees.
 */
public final class RemoteKeys {

  /** A key ready for verification, with the actor it belongs to. */
  public record ResolvedKey(String keyId, String ownerUri, PublicKey publicKey) {}

  /** The key cannot be found or does not belong to who it claims. */
  public static final class UnknownKeyException extends RuntimeException {
    public UnknownKeyException(String message) {
      super(message, null, false, false);
    }
  }

  private static final int CACHE_SIZE = 10_000;

  private final Vertx vertx;
  private final RemoteFetches fetcher;
  private final RemoteKeyRepository repository;
  private final RemoteActors actors;
  private final Map<String, ResolvedKey> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ResolvedKey> eldest) {
      return size() > CACHE_SIZE;
    }
  });

  public RemoteKeys(Vertx vertx, RemoteFetches fetcher, RemoteKeyRepository repository, RemoteActors actors) {
    this.vertx = vertx;
    this.fetcher = fetcher;
    this.repository = repository;
    this.actors = actors;
  }

  /** The key, from cache or storage when known, else fetched. */
  public Future<ResolvedKey> find(String keyId) {
    ResolvedKey cached = cache.get(keyId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return repository.find(keyId).compose(stored -> stored.map(this::parse).orElseGet(() -> refetch(keyId)));
  }

  /** Only what is stored or cached: never fetches (e.g. for a Delete from an actor Torg never met). */
  public Future<Optional<ResolvedKey>> findKnown(String keyId) {
    ResolvedKey cached = cache.get(keyId);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return repository.find(keyId).compose(stored -> stored.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : parse(stored.get()).map(java.util.Optional::of));
  }

  /** Fetches the key again from its origin: a verification failed, maybe because the key rotated. */
  public Future<ResolvedKey> refetch(String keyId) {
    cache.remove(keyId);
    URI uri;
    try {
      uri = URI.create(keyId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new UnknownKeyException("keyId is not a URL"));
    }
    return fetcher.fetchJson(uri).compose(doc -> {
      var json = doc.json();
      if (json.getValue("publicKeyPem") instanceof String) {
        // A key document (GoToSocial and others): its owner's document must declare it too.
        String owner = json.getString("owner");
        if (owner == null) {
          return Future.failedFuture(new UnknownKeyException("the key document names no owner"));
        }
        return actors.refresh(owner).map(actor -> null);
      }
      return actors.store(json).map(actor -> null);
    }).compose(stored -> repository.find(keyId))
      .compose(stored -> stored.map(this::parse)
          .orElseGet(() -> Future.failedFuture(new UnknownKeyException("no actor declares the key " + keyId))));
  }

  private Future<ResolvedKey> parse(RemoteKey stored) {
    // Parsing a PEM is cheap but not free; verification is the hot path, so it runs off the event loop too.
    return vertx.executeBlocking(() -> new ResolvedKey(stored.keyId(), stored.ownerUri(),
            RsaKeys.parsePublicKeyPem(stored.publicKeyPem())), false)
        .onSuccess(key -> cache.put(key.keyId(), key));
  }
}
