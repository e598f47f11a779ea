package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server jar's entry point: {@code java -jar torg.jar [serve] [--config FILE]}, or
 * {@code create-admin --username NAME} ({@link CreateAdminCommand}).
 * Exit codes: 0 stopped normally, 1 start-up failed, 2 bad configuration or usage.
 */
public final class Main {

  static final int EXIT_STARTUP_FAILED = 1;
  static final int EXIT_USAGE = 2;
  private static final String USAGE = "usage: java -jar torg.jar [serve] [--config FILE]"
      + " | create-admin --username NAME [--email ADDRESS] [--config FILE] (password on stdin)";

  private final Map<String, String> env;
  private final PrintStream err;
  private final CreateAdminCommand createAdmin;

  Main(Map<String, String> env, PrintStream err) {
    this(env, err, new CreateAdminCommand(System.in, System.console(), System.out, err));
  }

  Main(Map<String, String> env, PrintStream err, CreateAdminCommand createAdmin) {
    this.env = env;
    this.err = err;
    this.createAdmin = createAdmin;
  }

  public static void main(String[] args) {
    boolean serving = args.length == 0 || args[0].equals("serve") || args[0].startsWith("--");
    int code = new Main(System.getenv(), System.err).run(List.of(args));
    if (code != 0 || !serving) {
      flushLogs();
      System.exit(code);
    }
    // Serving: Vert.x's non-daemon threads keep the JVM up until SIGTERM runs the shutdown hook.
  }

  int run(List<String> args) {
    String command = "serve";
    Optional<Path> configFile = Optional.empty();
    String username = null;
    String email = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--config") && i + 1 < args.size()) {
        configFile = Optional.of(Path.of(args.get(++i)));
      } else if ((arg.equals("serve") || arg.equals("create-admin")) && i == 0) {
        command = arg;
      } else if (command.equals("create-admin") && arg.equals("--username") && i + 1 < args.size()) {
        username = args.get(++i);
      } else if (command.equals("create-admin") && arg.equals("--email") && i + 1 < args.size()) {
        email = args.get(++i);
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
    if (command.equals("create-admin")) {
      if (username == null) {
        err.println("torg: create-admin needs --username NAME; " + USAGE);
        return EXIT_USAGE;
      }
      return createAdmin.run(config, username, email);
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
