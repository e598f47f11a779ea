package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the jar prints and returns when it cannot start: one line, a non-zero exit code. */
class MainTest {

  @TempDir
  Path dataDir;

  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return new Main(env, new PrintStream(errBytes, true, StandardCharsets.UTF_8)).run(List.of(args));
  }

  private List<String> errLines() {
    return errBytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aBadValueExitsWith2AndOneLineNamingKeyAndValue() {
    int code = run(Map.of("TORG_HTTP_PORT", "http"));
    assertEquals(2, code);
    assertEquals(List.of("torg: invalid configuration: http.port (TORG_HTTP_PORT) = \"http\": expected a whole number from 0 to 65535"), errLines());
  }

  @Test
  void anUnknownArgumentExitsWith2() {
    assertEquals(2, run(Map.of(), "serv"));
    assertEquals(1, errLines().size());
    assertTrue(errLines().get(0).contains("usage"), errLines().toString());
  }

  @Test
  void aDatabaseThatIsDownExitsWith1AndOneClearLine() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    int code = run(Map.of(
        "TORG_DATABASE_URL", "postgresql://torg:hunter2@127.0.0.1:" + closedPort + "/torg",
        "TORG_DATA_DIR", dataDir.toString(),
        "TORG_HTTP_PORT", "0"));
    assertEquals(1, code);
    List<String> lines = errLines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("torg: cannot reach the database at postgresql://torg@127.0.0.1:" + closedPort + "/torg: "), lines.get(0));
    assertFalse(lines.get(0).contains("hunter2"));
  }

  @Test
  void aConfiguredKeysetThatIsMissingExitsWith1() {
    int code = run(Map.of(
        "TORG_SECRETS_KEYSET", dataDir.resolve("nope.json").toString(),
        "TORG_DATA_DIR", dataDir.toString()));
    assertEquals(1, code);
    assertEquals(1, errLines().size(), errLines().toString());
    assertTrue(errLines().get(0).contains("nope.json does not exist"), errLines().get(0));
  }
}
