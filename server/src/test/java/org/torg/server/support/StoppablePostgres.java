package org.torg.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.torg.server.db.DatabaseUrl;

/**
 * A PostgreSQL of one fault test's own, durable as in production (fsync and synchronous commit
 * on), that the test stops and starts again on the same data directory and port, so a Torg
 * configured with its URL finds it again.
 */
public final class StoppablePostgres implements AutoCloseable {

  private final Path dir;
  private final int port;
  private EmbeddedPostgres running;

  public StoppablePostgres(Path dir) throws IOException {
    this.dir = dir;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
  }

  /** Blocking: starts it (initdb on first start). */
  public StoppablePostgres start() throws IOException {
    running = EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("data"))
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(dir.resolve("runtime").toFile())
        .setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
    return this;
  }

  /** Blocking: a fast shutdown, as an operator's restart or a failover does: connections are cut. */
  public void stop() throws IOException {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  public DatabaseUrl url() {
    return new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", "");
  }

  /** The URL as TORG_DATABASE_URL takes it. */
  public String torgUrl() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
