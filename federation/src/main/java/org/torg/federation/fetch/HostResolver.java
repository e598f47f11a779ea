package org.torg.federation.fetch;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into the addresses to vet. The fetcher resolves names itself, vets every
 * address and connects to a vetted one, so a name cannot resolve to a public address for the
 * check and to 127.0.0.1 for the connection (DNS rebinding).
 */
@FunctionalInterface
interface HostResolver {

  /** Fails (with any exception) when the name does not resolve. */
  Future<List<InetAddress>> resolve(String hostName);

  /** Releases what the resolver holds; the fetcher calls it when it closes. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
