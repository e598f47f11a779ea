package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** A program outside the JVM (openssl, node) that the tests use as an independent implementation. */
public final class ExternalCommand {

  private static final long TIMEOUT_SECONDS = 30;

  private final Path binary;

  private ExternalCommand(Path binary) {
    this.binary = binary;
  }

  /** The named program from /usr/bin or the PATH; the calling test is skipped when there is none. */
  public static ExternalCommand require(String name) {
    Optional<ExternalCommand> found = find(name);
    Assumptions.assumeTrue(found.isPresent(), name + " is not installed: skipping the check against an independent implementation");
    return found.get();
  }

  /** The named program from /usr/bin or the PATH, if there is one. */
  public static Optional<ExternalCommand> find(String name) {
    return Stream.concat(
            Stream.of(Path.of("/usr/bin", name)),
            Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst()
        .map(ExternalCommand::new);
  }

  /** Runs the program to completion and returns its standard output; fails the test otherwise. */
  public byte[] run(Path workDir, String... args) {
    return run(workDir, Path.of("/dev/null"), args);
  }

  /** As {@link #run(Path, String...)}, with the program's standard input read from a file. */
  public byte[] run(Path workDir, Path stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      // Output goes to files, not pipes: a hung child then cannot block us past the timeout.
      Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
      Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
      Process process = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()))
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .start();
      boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      assertTrue(finished, String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
      assertEquals(0, process.exitValue(),
          String.join(" ", command) + " failed: " + Files.readString(stderr, StandardCharsets.UTF_8));
      return Files.readAllBytes(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
