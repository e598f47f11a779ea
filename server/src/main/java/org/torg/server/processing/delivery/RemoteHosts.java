package org.torg.server.processing.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.db.RemoteHostRepository;

/**
 * Delivery health per host, kept in memory and written through on changes only: a healthy host
 * costs no database write per delivery, and successes are written in batches. Unavailable after failures on seven distinct days; back
 * on the first success or verified inbound activity (INTEROP §5).
 */
public final class RemoteHosts {

  /**
   * @param failing a failure was recorded since the last success, so the next success must be written
   * @param format the signature format the host last accepted
   */
  private record Health(boolean unavailable, boolean failing, Optional<SignatureFormat> format) {}

  private final RemoteHostRepository repository;
  private final Map<String, Health> hosts = new ConcurrentHashMap<>();
  private final HostSuccessBatch successes;

  public RemoteHosts(Vertx vertx, RemoteHostRepository repository) {
    this.repository = repository;
    this.successes = new HostSuccessBatch(vertx, repository);
  }

  public Future<Void> load() {
    return repository.loadAll().map(all -> {
      all.forEach((host, state) -> hosts.put(host, new Health(state.unavailable(), state.unavailable(),
          state.signatureFormat().map(RemoteHosts::format))));
      return null;
    });
  }

  public boolean available(String host) {
    Health health = hosts.get(host);
    return health == null || !health.unavailable();
  }

  /** What to sign with first: what this host last accepted, else draft-cavage (what every peer verifies). */
  public SignatureFormat firstFormat(String host) {
    Health health = hosts.get(host);
    return health == null ? SignatureFormat.DRAFT_CAVAGE : health.format().orElse(SignatureFormat.DRAFT_CAVAGE);
  }

  public Future<Void> succeeded(String host, SignatureFormat format) {
    Health known = hosts.get(host);
    Health now = new Health(false, false, Optional.of(format));
    hosts.put(host, now);
    if (now.equals(known)) {
      return Future.succeededFuture();
    }
    return successes.add(host, name(format));
  }

  public Future<Void> failed(String host, String error) {
    successes.forget(host);
    return repository.recordFailure(host, error).map(unavailable -> {
      Health known = hosts.get(host);
      hosts.put(host, new Health(unavailable, true, known == null ? Optional.empty() : known.format()));
      return null;
    });
  }

  /** A verified activity arrived from the host: it is alive again. */
  public Future<Void> heardFrom(String host) {
    Health known = hosts.get(host);
    if (known == null || !known.unavailable()) {
      return Future.succeededFuture();
    }
    hosts.put(host, new Health(false, false, known.format()));
    return repository.recordSuccess(host, null);
  }

  private static String name(SignatureFormat format) {
    return format == SignatureFormat.RFC9421 ? "rfc9421" : "draft-cavage";
  }

  private static SignatureFormat format(String name) {
    return "rfc9421".equals(name) ? SignatureFormat.RFC9421 : SignatureFormat.DRAFT_CAVAGE;
  }
}
