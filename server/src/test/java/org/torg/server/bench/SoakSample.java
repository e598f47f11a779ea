package org.torg.server.bench;

import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.torg.server.support.TorgProcess;

/**
 * What the soak samples of the server process at the end of each minute: heap after a full GC
 * (asked for with {@code jcmd GC.run}, then read from {@code /metrics}), resident memory and open
 * file descriptors from {@code /proc}, established connections to its port from
 * {@code /proc/net/tcp*}, and the queue depths from its database.
 */
record SoakSample(long heapAfterGcBytes, long rssBytes, int connections, int fileDescriptors, long deliveryQueue,
    long inboxQueue) {

  static SoakSample take(TorgProcess torg, WebClient web, Connection sql) throws Exception {
    fullGc(torg.pid());
    String metrics = web.get(torg.port(), "127.0.0.1", "/metrics").timeout(10_000).send().await().bodyAsString();
    long heap = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return new SoakSample(heap, rss(torg.pid()), connections(torg.port()), fileDescriptors(torg.pid()),
        BenchApi.count(sql, "SELECT count(*) FROM delivery WHERE state = 'pending'"),
        BenchApi.count(sql, "SELECT count(*) FROM inbox_activity WHERE state = 'queued'"));
  }

  private static void fullGc(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
      gc.destroyForcibly();
      throw new IllegalStateException("jcmd " + pid + " GC.run failed");
    }
  }

  private static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  private static int fileDescriptors(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return (int) fds.count();
    }
  }

  /** Established TCP connections whose local end is the server's port (state 01 in /proc/net/tcp). */
  private static int connections(int port) throws IOException {
    String local = String.format(Locale.ROOT, ":%04X", port);
    int count = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path)) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 3 && fields[1].endsWith(local) && fields[3].equals("01")) {
          count++;
        }
      }
    }
    return count;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "heap after GC %.0f MB, RSS %.0f MB, %d connections, %d fds, queues: %d deliveries, %d inbox",
        heapAfterGcBytes / 1e6, rssBytes / 1e6, connections, fileDescriptors, deliveryQueue, inboxQueue);
  }
}
