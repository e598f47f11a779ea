package org.torg.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.util.List;

/**
 * The operating system's resolver ({@code /etc/hosts}, then DNS, with the JVM's cache), as
 * Mastodon and every peer see names. {@code InetAddress} blocks for as long as DNS takes, so
 * it runs on worker threads of its own: a slow name server then cannot starve the server's
 * other blocking work (key generation, sealing) of the shared worker pool.
 */
public final class SystemHostResolver implements HostResolver {

  /** Resolutions wait on the network, not the CPU; this many may wait at once. */
  private static final int THREADS = 16;

  private final WorkerExecutor workers;

  /**
   * @param workerPoolName resolvers created with one name share its threads; give each user
   *     its own name so that, say, deliveries to dead hosts with slow name servers cannot hold
   *     up the key fetches incoming activities wait on
   */
  public SystemHostResolver(Vertx vertx, String workerPoolName) {
    this.workers = vertx.createSharedWorkerExecutor(workerPoolName, THREADS);
  }

  @Override
  public Future<List<InetAddress>> resolve(String hostName) {
    // Unordered: one slow name must not hold up the others.
    return workers.executeBlocking(() -> List.of(InetAddress.getAllByName(hostName)), false);
  }

  @Override
  public Future<Void> close() {
    return workers.close();
  }
}
