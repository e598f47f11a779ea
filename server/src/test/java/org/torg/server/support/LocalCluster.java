package org.torg.server.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The multi-node setup of deploy/local-cluster.sh, driven from Java: Debian's PostgreSQL server on
 * 127.0.0.80:15480, node n (1-based) on 127.0.0.(80+n):8080, HAProxy on 127.0.0.80:8080. Each
 * instance has a state directory of its own; {@link #close} stops everything by PID.
 */
public final class LocalCluster implements AutoCloseable {

  public static final String LOAD_BALANCER = "127.0.0.80";
  public static final int PORT = 8080;
  /** The public authority every node mints ids with, the load balancer's. */
  public static final String AUTHORITY = LOAD_BALANCER + ":" + PORT;
  private static final Path SCRIPT = Path.of("..", "deploy", "local-cluster.sh").toAbsolutePath().normalize();
  private static final Pattern NODE_LOCK = Pattern.compile("node (\\d+) holds its lock");

  private final Path dir;
  private final int nodes;
  private final Map<String, String> env;

  private LocalCluster(Path dir, int nodes, Map<String, String> env) {
    this.dir = dir;
    this.nodes = nodes;
    this.env = env;
  }

  /** Whether Debian's PostgreSQL server (initdb, not only the client) and HAProxy are installed. */
  public static boolean installed() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isExecutable(Path.of("/usr/sbin/haproxy")) || !Files.isDirectory(root)) {
      return false;
    }
    try (var versions = Files.list(root)) {
      return versions.anyMatch(v -> Files.isExecutable(v.resolve("bin").resolve("initdb")));
    }
  }

  /**
   * Starts a fresh cluster of {@code nodes} nodes in {@code dir} (emptied first); {@code env} reaches
   * every node (TORG_* settings). Returns once the load balancer answers.
   */
  public static LocalCluster start(Path dir, int nodes, Map<String, String> env) throws IOException, InterruptedException {
    LocalCluster cluster = new LocalCluster(dir.toAbsolutePath(), nodes, env);
    cluster.script("stop");
    deleteRecursively(cluster.dir);
    cluster.script("start");
    return cluster;
  }

  public Path dir() {
    return dir;
  }

  public static String node(int n) {
    return "127.0.0." + (80 + n);
  }

  public String databasePassword() throws IOException {
    return Files.readString(dir.resolve("pg-password")).strip();
  }

  public Connection database() throws IOException, SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.80:15480/torg", "torg", databasePassword());
  }

  /** As an operator makes the first admin: the jar's create-admin command on the cluster's database. */
  public void createAdmin(String username, String password) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar().toString(), "create-admin", "--username", username)
        .redirectErrorStream(true).redirectOutput(dir.resolve("create-admin.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TORG_"));
    pb.environment().put("TORG_PUBLIC_URL", "http://" + AUTHORITY);
    pb.environment().put("TORG_DATABASE_URL", "postgresql://torg:" + databasePassword() + "@127.0.0.80:15480/torg");
    pb.environment().put("TORG_DATA_DIR", dir.resolve("shared").toString());
    Process p = pb.start();
    p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("create-admin failed: " + Files.readString(dir.resolve("create-admin.log")));
    }
  }

  /** SIGKILL node n, as a crash would. */
  public void kill(int n) throws IOException, InterruptedException {
    script("kill-node", Integer.toString(n));
  }

  /** Starts node n again; returns once it is ready. */
  public void restart(int n) throws IOException, InterruptedException {
    script("start-node", Integer.toString(n));
  }

  /** The number node n holds its lock on, as its log says (NodeLocks): what it writes in claimed_by. */
  public long nodeNumber(int n) throws IOException {
    Matcher m = NODE_LOCK.matcher(Files.readString(dir.resolve("node-" + n + ".log")));
    long last = -1;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    return last;
  }

  /** CPU time so far of node n's process. */
  public Duration nodeCpu(int n) throws IOException {
    return cpu(pid(dir.resolve("node-" + n + ".pid")), false);
  }

  /** CPU time so far of the PostgreSQL server: the postmaster and every backend it forked. */
  public Duration databaseCpu() throws IOException {
    return cpu(pid(dir.resolve("pg").resolve("postmaster.pid")), true);
  }

  public Duration loadBalancerCpu() throws IOException {
    return cpu(pid(dir.resolve("haproxy.pid")), false);
  }

  private static long pid(Path file) throws IOException {
    return Long.parseLong(Files.readAllLines(file).get(0).strip());
  }

  /**
   * From /proc: utime and stime of the process, and with {@code withChildren} those of its live
   * children and of the children it already reaped (cutime, cstime): PostgreSQL's backends.
   */
  private static Duration cpu(long pid, boolean withChildren) throws IOException {
    long ticks = ticks(pid, withChildren);
    if (withChildren) {
      for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
        ticks += ticks(child.pid(), false);
      }
    }
    return Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
  }

  private static long ticks(long pid, boolean reapedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return reapedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    } catch (IOException e) {
      return 0; // a backend that ended between listing and reading
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (Files.exists(dir)) {
      script("stop");
    }
  }

  private void script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Path log = Files.createDirectories(dir.getParent()).resolve(dir.getFileName() + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("TORG_"));
    pb.environment().putAll(env);
    pb.environment().put("TORG_CLUSTER_DIR", dir.toString());
    pb.environment().put("TORG_NODES", Integer.toString(nodes));
    pb.environment().put("TORG_JAR", jar().toString());
    Process p = pb.start();
    if (!p.waitFor(240, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("deploy/local-cluster.sh " + String.join(" ", args) + " took longer than 240 s: see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("deploy/local-cluster.sh " + String.join(" ", args) + " failed: see " + log);
    }
  }

  private static Path jar() {
    return Path.of(System.getProperty("torg.jar", "target/torg.jar")).toAbsolutePath();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
