package org.torg.server.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * One file of the shared fixture corpus (../shared/fixtures beside the repository, DESIGN.md rule
 * 10), read where it lies. Absent, the calling test is skipped, except in CI (CI=true), which always has it.
 */
public final class SharedFixtures {

  private SharedFixtures() {}

  /** Every JSON object document of the corpus, in a stable order. */
  public static java.util.List<Path> all() {
    Path root = directory();
    try (var files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".json")).filter(SharedFixtures::isObject).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isObject(Path file) {
    try {
      new JsonObject(Files.readString(file));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Path directory() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("federation"))) {
        Path fixtures = dir.resolveSibling("shared").resolve("fixtures");
        if (Files.isDirectory(fixtures)) {
          return fixtures;
        }
        break;
      }
    }
    String why = "the shared fixture corpus (../shared/fixtures beside the repository) is not on this machine";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + ", and CI always has it");
    }
    Assumptions.abort(why + ": skipped");
    return null;
  }

  public static JsonObject read(String relative) {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("federation"))) {
        Path file = dir.resolveSibling("shared").resolve("fixtures").resolve(relative);
        if (Files.isRegularFile(file)) {
          try {
            return new JsonObject(Files.readString(file));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        break;
      }
    }
    String why = "the shared fixture " + relative + " (../shared/fixtures beside the repository) is not on this machine";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + ", and CI always has it");
    }
    Assumptions.abort(why + ": skipped");
    return null;
  }
}
