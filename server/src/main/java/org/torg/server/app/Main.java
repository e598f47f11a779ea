package org.torg.server.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server jar's entry point: {@code java -jar torg.jar [serve] [--config FILE]}.
 * Exit codes: 0 stopped normally, 1 start-up failed, 2 bad configuration or usage.
 */
public final class Main {

  static final int EXIT_STARTUP_FAILED = 1;
  static final int EXIT_USAGE = 2;
  private static final String USAGE = "usage: java -jar torg.jar [serve] [--config FILE]";

  private final Map<String, String> env;
  private final PrintStream err;

  Main(Map<String, String> env, PrintStream err) {
    this.env = env;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = new Main(System.getenv(), System.err).run(List.of(args));
    if (code != 0) {
      System.exit(code);
    }
    // Serving: Vert.x's non-daemon threads keep the JVM up until SIGTERM runs the shutdown hook.
  }

  int run(List<String> args) {
    String command = "serve";
    Optional<Path> configFile = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--config") && i + 1 < args.size()) {
        configFile = Optional.of(Path.of(args.get(++i)));
      } else if (arg.equals("serve") && i == 0) {
        command = arg;
      } else {
        err.println("torg: unknown argument \"" + arg + "\"; " + USAGE);
        return EXIT_USAGE;
      }
    }
    TorgConfig config;
    try {
      config = ConfigLoader.load(configFile.or(this::defaultConfigFile), env);
    } catch (ConfigException e) {
      err.println("torg: " + e.getMessage());
      return EXIT_USAGE;
    }
    return serve(config);
  }

  /** TORG_CONFIG names a file; otherwise config/torg.yaml in the working directory, when there. */
  private Optional<Path> defaultConfigFile() {
    String named = env.get("TORG_CONFIG");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    Path local = Path.of("config", "torg.yaml");
    return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
  }

  /** Writes out what the asynchronous appender still holds. */
  private static void flushLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
      logback.stop();
    }
  }

  private int serve(TorgConfig config) {
    Torg torg;
    try {
      torg = Torg.start(config);
    } catch (StartupException e) {
      err.println("torg: " + e.getMessage());
      return EXIT_STARTUP_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      torg.stop();
      flushLogs();
    }, "torg-shutdown"));
    return 0;
  }
}
