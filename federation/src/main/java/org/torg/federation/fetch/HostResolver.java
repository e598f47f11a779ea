package org.torg.federation.fetch;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into the addresses to vet. The fetcher and the deliverer resolve names
 * themselves, vet every address and connect to a vetted one, so a name cannot resolve to a
 * public address for the check and to 127.0.0.1 for the connection (DNS rebinding).
 */
@FunctionalInterface
public interface HostResolver {

  /** Fails (with any exception) when the name does not resolve. */
  Future<List<InetAddress>> resolve(String hostName);

  /** Releases what the resolver holds; its owner calls it when it closes. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
