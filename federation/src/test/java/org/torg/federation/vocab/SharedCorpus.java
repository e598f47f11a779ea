package org.torg.federation.vocab;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The fixture corpus other projects captured, in {@code ../shared/fixtures/} beside the repository
 * (DESIGN.md rule 10). It is not ours, so it is read where it lies and never copied in. Where it
 * is missing a test using it is skipped, except in CI (env {@code CI=true}), which always has it:
 * there a missing corpus is a broken checkout and fails.
 */
final class SharedCorpus {

  /** Overrides where the corpus is looked for. */
  static final String LOCATION_PROPERTY = "torg.sharedFixtures";

  private SharedCorpus() {}

  /** The corpus folder; skips the calling test when it is absent, fails instead in CI. */
  static Path root() {
    Optional<Path> root = locate();
    if (root.isEmpty()) {
      String why = "the shared fixture corpus (../shared/fixtures beside the repository, or -D" + LOCATION_PROPERTY
          + ") is not on this machine";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + ", and CI always has it");
      }
      Assumptions.abort(why + ": skipped");
    }
    return root.get();
  }

  /**
   * The property's folder when set; otherwise {@code shared/fixtures} beside the repository root,
   * which is the nearest folder above the working directory holding both the parent pom and the
   * {@code federation} module (Maven runs a module's tests in the module's folder).
   */
  static Optional<Path> locate() {
    String configured = System.getProperty(LOCATION_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return isCorpus(path) ? Optional.of(path.toAbsolutePath().normalize()) : Optional.empty();
    }
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("federation"))) {
        Path candidate = dir.resolveSibling("shared").resolve("fixtures");
        return isCorpus(candidate) ? Optional.of(candidate.normalize()) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean isCorpus(Path path) {
    return Files.isRegularFile(path.resolve("SOURCES.md"));
  }

  /** Every JSON file of the corpus, sorted by path, so test names and order are stable. */
  static List<Path> jsonFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The path from the corpus root with forward slashes, e.g. {@code mastodon/activities/mastodon-like.json}. */
  static String name(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
