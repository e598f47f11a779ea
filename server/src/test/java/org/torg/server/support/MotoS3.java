package org.torg.server.support;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A real S3-compatible server for tests: moto in server mode (Python's moto[server], which
 * .ci/run installs), on 127.0.0.133. Absent locally, a test using it is skipped saying so; under
 * CI (CI=true) it must be there, and its absence fails the test.
 */
public final class MotoS3 implements AutoCloseable {

  public static final String HOST = "127.0.0.133";
  public static final int PORT = 9133;

  private final Process process;

  private MotoS3(Process process) {
    this.process = process;
  }

  public static MotoS3 start() {
    Optional<Path> binary = onPath("moto_server");
    if (binary.isEmpty()) {
      String message = "moto_server is not installed (pip install 'moto[server]'; .ci/run does): S3 storage untested";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    try {
      Path log = Files.createTempFile("moto", ".log");
      Process process = new ProcessBuilder(binary.get().toString(), "-H", HOST, "-p", Integer.toString(PORT))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      MotoS3 moto = new MotoS3(process);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException("moto_server exited: " + Files.readString(log));
        }
        if (answers()) {
          return moto;
        }
        Thread.sleep(200);
      }
      moto.close();
      throw new IllegalStateException("moto_server did not answer within 30 s: " + Files.readString(log));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://" + HOST + ":" + PORT);
  }

  private static boolean answers() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://" + HOST + ":" + PORT + "/").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
