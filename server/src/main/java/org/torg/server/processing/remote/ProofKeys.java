package org.torg.server.processing.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.torg.federation.proof.Multikey;

/**
 * Ed25519 verification methods of remote actors (FEP-521a), for integrity proofs: in memory once
 * found, else fetched. A method counts only as its controller's document declares it: the
 * document at the key id (fragment dropped) is that actor, fetched from its own id, and lists the
 * key under {@code assertionMethod} with itself as {@code controller}; a key id that serves a
 * lone Multikey counts when its controller's document lists it too.
 */
public final class ProofKeys {

  /** The key cannot be had, or no actor declares it. */
  public static final class UnknownProofKeyException extends RuntimeException {
    UnknownProofKeyException(String message) {
      super(message, null, false, false);
    }
  }

  private static final int CACHE_SIZE = 10_000;

  private final RemoteFetches fetcher;
  private final Map<String, Multikey> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Multikey> eldest) {
      return size() > CACHE_SIZE;
    }
  });

  public ProofKeys(RemoteFetches fetcher) {
    this.fetcher = fetcher;
  }

  /** The key from memory, else fetched. */
  public Future<Multikey> find(String keyId) {
    Multikey cached = cache.get(keyId);
    return cached != null ? Future.succeededFuture(cached) : refetch(keyId);
  }

  /** The key if it is in memory; never fetches. */
  public Optional<Multikey> inMemory(String keyId) {
    return Optional.ofNullable(cache.get(keyId));
  }

  /** Fetched again from its origin: a proof did not verify, maybe because the key rotated. */
  public Future<Multikey> refetch(String keyId) {
    cache.remove(keyId);
    URI document;
    try {
      URI parsed = new URI(keyId);
      document = new URI(parsed.getScheme(), parsed.getRawSchemeSpecificPart(), null);
    } catch (URISyntaxException | NullPointerException e) {
      return Future.failedFuture(new UnknownProofKeyException("the verification method is not a URL"));
    }
    return fetcher.fetchJson(document)
        .compose(fetched -> {
          JsonObject json = fetched.json();
          if ("Multikey".equals(json.getValue("type")) && json.getValue("controller") instanceof String controller) {
            return fetcher.fetchJson(URI.create(controller)).map(owner -> Multikey.find(owner.json(), keyId));
          }
          return Future.succeededFuture(Multikey.find(json, keyId));
        })
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() ->
            Future.failedFuture(new UnknownProofKeyException("no actor declares the Ed25519 Multikey " + keyId))))
        .onSuccess(key -> cache.put(keyId, key));
  }
}
