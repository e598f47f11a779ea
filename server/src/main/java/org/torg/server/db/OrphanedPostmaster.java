package org.torg.server.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When Torg was killed without its shutdown (SIGKILL, OOM killer, a crash), its embedded
 * PostgreSQL keeps running and holds the data directory, and the next start would wait for it
 * forever. This finds that postmaster through postmaster.pid and shuts it down first.
 */
final class OrphanedPostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);

  private OrphanedPostmaster() {}

  static void stopIfRunning(Path dataDir, Duration patience) throws IOException {
    Optional<ProcessHandle> postmaster = find(dataDir);
    if (postmaster.isEmpty()) {
      return;
    }
    ProcessHandle process = postmaster.get();
    LOG.warn("An embedded PostgreSQL (pid {}) from a previous run still holds {}: stopping it", process.pid(), dataDir);
    // SIGTERM is PostgreSQL's "smart" shutdown: its clients died with the previous Torg, so it exits cleanly.
    process.destroy();
    try {
      process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the previous PostgreSQL", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("could not stop the previous PostgreSQL", e);
    }
  }

  /** The live postgres process named in postmaster.pid, if there is one (a stale file or a reused pid is not). */
  static Optional<ProcessHandle> find(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
  }
}
