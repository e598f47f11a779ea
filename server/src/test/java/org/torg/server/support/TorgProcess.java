package org.torg.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Torg as operators run it: the packaged jar (built by {@code mvn package} before the
 * integration tests) in a process of its own, which a fault test can kill with SIGKILL and start
 * again on the same database and data directory.
 */
public final class TorgProcess implements AutoCloseable {

  private static final Path JAR = Path.of(System.getProperty("torg.jar", "target/torg.jar"));

  private final Path workDir;
  private final Map<String, String> env;
  private final int port;
  private Process process;

  private TorgProcess(Path workDir, Map<String, String> env, int port) {
    this.workDir = workDir;
    this.env = env;
    this.port = port;
  }

  /** Blocking: starts the jar on a free loopback port with {@code env} (TORG_* only) and waits for /ready. */
  public static TorgProcess start(Path workDir, Map<String, String> env) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TorgProcess torg = new TorgProcess(workDir, env, port);
    torg.startAgain();
    return torg;
  }

  /**
   * The settings of a fault test's Torg on a PostgreSQL of its own: loopback peers allowed, and
   * no inbound rate limits (one test peer sends the whole load).
   */
  public static Map<String, String> onOwnDatabase(StoppablePostgres pg) {
    return Map.of("TORG_DATABASE_URL", pg.torgUrl(), "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_MODERATION_INBOUND_PER_ACTOR_PER_MINUTE", "0", "TORG_MODERATION_INBOUND_PER_DOMAIN_PER_MINUTE", "0");
  }

  /** Blocking: starts it again (after {@link #kill}) on the same port, data and database. */
  public void startAgain() throws Exception {
    Files.createDirectories(workDir);
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toAbsolutePath().toString())
        .directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("out.log").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("err.log").toFile()));
    environment(pb);
    process = pb.start();
    awaitReady(Duration.ofSeconds(60));
  }

  public int port() {
    return port;
  }

  /** The running server's process id: what a soak reads RSS and open files of in /proc. */
  public long pid() {
    return process.pid();
  }

  /**
   * Blocking: runs the jar once more with {@code args} (a command such as {@code create-admin}) on
   * the same settings and database, {@code stdin} as its input; its exit code.
   */
  public int command(String stdin, String... args) throws Exception {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toAbsolutePath().toString()));
    line.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(line).directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("command.log").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("command.log").toFile()));
    environment(pb);
    Process command = pb.start();
    command.getOutputStream().write((stdin + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    command.getOutputStream().close();
    if (!command.waitFor(120, TimeUnit.SECONDS)) {
      command.destroyForcibly();
      throw new AssertionError("torg " + String.join(" ", args) + " did not finish within 120 s");
    }
    return command.exitValue();
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  /** SIGKILL: no shutdown hook, nothing flushed, connections cut mid-request. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new AssertionError("Torg did not die within 20 s of SIGKILL");
    }
  }

  /** GET {@code path}: its status, or -1 when nothing answers. */
  public int status(String path, Duration timeout) {
    try {
      return client().send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(timeout).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public String body(String path) throws Exception {
    return client().send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  public String log() throws IOException {
    Path out = workDir.resolve("out.log");
    return Files.exists(out) ? Files.readString(out) : "";
  }

  private void environment(ProcessBuilder pb) {
    pb.environment().keySet().removeIf(k -> k.startsWith("TORG_"));
    pb.environment().put("TORG_HTTP_PORT", Integer.toString(port));
    pb.environment().put("TORG_PUBLIC_URL", "http://127.0.0.1:" + port);
    pb.environment().put("TORG_DATA_DIR", workDir.resolve("data").toString());
    pb.environment().putAll(env);
  }

  private void awaitReady(Duration within) throws Exception {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("Torg exited with " + process.exitValue() + ":\n" + log());
      }
      if (status("/ready", Duration.ofSeconds(2)) == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not ready within " + within.toSeconds() + " s");
  }

  /**
   * One client for every request: a client per request would leave its kept-alive connection
   * open until collected, and a test polling /ready would soon hold more connections than Torg
   * lets one address have (http.max_connections_per_address).
   */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private static HttpClient client() {
    return CLIENT;
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
