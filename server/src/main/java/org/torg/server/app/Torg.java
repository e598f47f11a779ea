package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.db.DatabaseUrl;
import org.torg.server.db.EmbeddedDatabase;
import org.torg.server.db.Migrations;
import org.torg.server.db.NodeLocks;
import org.torg.server.db.QueueNotifications;
import org.torg.server.db.ThreadEventRepository;
import org.torg.server.processing.live.LiveFeed;
import org.torg.server.db.RateCounterRepository;
import org.torg.server.db.PgPools;
import org.torg.server.db.SchemaProbe;
import org.torg.server.http.ConnectionsPerAddress;
import org.torg.server.http.HealthRoutes;
import org.torg.server.model.LocalKeyPair;
import org.torg.server.processing.LocalKeys;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.inbound.InboxWorker;
import org.torg.server.processing.jobs.RunOnceJobs;
import org.torg.server.secrets.SecretBox;
import org.torg.server.secrets.SecretsKeysetFile;

/**
 * A running Torg: the order things start in, and the reverse order they stop in.
 * Start-up's blocking steps (keyset, embedded database, migrations) run on the calling
 * thread before Vert.x deploys anything; everything after is asynchronous.
 */
public final class Torg {

  private static final Logger LOG = LoggerFactory.getLogger(Torg.class);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  /** How often to check whether the session signing key is due for rotation. */
  private static final long KEY_ROTATION_CHECK_MILLIS = 60_000;

  private final TorgConfig config;
  private final Clock clock;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private EmbeddedDatabase embedded;
  private Vertx vertx;
  private Pool pool;
  private HttpVerticle http;
  private String httpDeployment;
  private LocalKeyPair instanceKey;
  private Services services;
  private DatabaseUrl databaseUrl;
  private NodeLocks nodeLocks;
  private QueueNotifications queueNotifications;
  private RunOnceJobs jobs;

  private Torg(TorgConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Blocking: returns once the HTTP server listens, or throws after undoing what had started. */
  public static Torg start(TorgConfig config) throws StartupException {
    return start(config, Clock.systemUTC());
  }

  /** As {@link #start(TorgConfig)}, on a given clock (tests move it to expire tokens and keys). */
  public static Torg start(TorgConfig config, Clock clock) throws StartupException {
    Torg torg = new Torg(config, clock);
    try {
      torg.startAll();
      return torg;
    } catch (StartupException e) {
      torg.stop();
      throw e;
    } catch (RuntimeException | Error e) {
      torg.stop();
      throw new StartupException("start-up failed: " + oneLine(e));
    }
  }

  /**
   * Blocking: Torg's database and services without HTTP or workers, for a command such as
   * create-admin. It uses the embedded PostgreSQL of a Torg already running on the same data
   * directory, or starts it (and stops it again on {@link #stop}).
   */
  public static Torg openForCommand(TorgConfig config) throws StartupException {
    Torg torg = new Torg(config, Clock.systemUTC());
    try {
      torg.startCore(true);
      return torg;
    } catch (StartupException e) {
      torg.stop();
      throw e;
    } catch (RuntimeException | Error e) {
      torg.stop();
      throw new StartupException("start-up failed: " + oneLine(e));
    }
  }

  /** Keyset, database, migrations, pool and services; returns the schema version. */
  private String startCore(boolean attachToRunningDatabase) throws StartupException {
    // Before any key is read or made: the providers chosen here serve every later getInstance.
    NativeCrypto.install();
    createDataDir();
    SecretBox secrets = openSecrets();
    DatabaseUrl url = config.database().url().orElse(null);
    if (url == null && attachToRunningDatabase) {
      url = runningEmbeddedDatabase().orElse(null);
    }
    if (url == null) {
      url = startEmbeddedDatabase();
    }
    checkReachable(url);
    databaseUrl = url;
    String schemaVersion = migrate(url);

    // A command (create-admin) works on the database alone: it does not join the cluster.
    vertx = config.cluster().enabled() && !attachToRunningDatabase
        ? await(ClusteredVertx.start(config), "joining the cluster " + config.cluster().members())
        : Vertx.vertx();
    pool = PgPools.create(vertx, url, config.database().schema(), config.database().poolSize(),
        config.database().connectTimeout());
    services = Services.create(vertx, pool, config, secrets, clock);
    await(services.localActors().ensureInstanceActor(), "creating the instance actor");
    return schemaVersion;
  }

  private void startAll() throws StartupException {
    String schemaVersion = startCore(false);
    instanceKey = await(services.keys().ensure(LocalKeys.INSTANCE), "loading the instance actor's key");
    await(services.accounts().sessionKeys().rotateIfDue(), "loading the session signing keys");
    await(services.moderation().reload(), "loading domain blocks and suspended actors");
    await(services.posts().search().useDefaultLanguage(config.search().defaultLanguage()), "setting the search language");
    // Another node's blocks and suspensions reach this one at once when it announces them on the
    // clustered event bus, and within this period in any case.
    vertx.eventBus().consumer(org.torg.server.processing.moderation.DomainBlocks.CHANGED, message -> services.moderation().reload()
        .onFailure(e -> LOG.warn("reloading domain blocks failed: {}", oneLine(e))));
    vertx.setPeriodic(org.torg.server.processing.moderation.DomainBlocks.RELOAD_MILLIS, id -> services.moderation().reload()
        .onFailure(e -> LOG.warn("reloading domain blocks failed: {}", oneLine(e))));
    // One node rotates the session keys (a run-once job below); every node loads what it made.
    vertx.setPeriodic(KEY_ROTATION_CHECK_MILLIS, id -> services.accounts().sessionKeys().reload()
        .onFailure(e -> LOG.warn("reloading the session signing keys failed: {}", oneLine(e))));

    nodeLocks = new NodeLocks(vertx, PgPools.single(vertx, databaseUrl, config.database().schema(),
        config.database().connectTimeout()));
    await(nodeLocks.start(), "taking this node's lock in the database");
    queueNotifications = new QueueNotifications(vertx, PgPools.connectOptions(databaseUrl, config.database().schema()),
        config.database().schema(),
        Map.of(QueueNotifications.DELIVERY, Outbox.WAKE_UP, QueueNotifications.INBOX, InboxWorker.WAKE_UP,
            LiveFeed.CHANNEL, LiveFeed.WAKE_UP));
    await(services.live().start(), "following the live event log");
    await(queueNotifications.start(), "listening for queued work and live events");
    List<RunOnceJobs.Job> runOnce = new ArrayList<>(List.of(
        // Ended polls get their final counts sent once (the database also refuses a second close).
        new RunOnceJobs.Job("closing ended polls", config.consultations().pollCloseCheck(),
            () -> services.posts().consultations().closeDuePolls()),
        new RunOnceJobs.Job("session key rotation", Duration.ofMillis(KEY_ROTATION_CHECK_MILLIS),
            () -> services.accounts().sessionKeys().rotateIfDue()),
        // Kept long enough for a client to resume its live stream; older ones are not replayed.
        new RunOnceJobs.Job("pruning live events", Duration.ofMinutes(10),
            () -> new ThreadEventRepository(pool).prune(config.live().eventRetention())),
        // Files of deleted posts and uploads no post took (README "Media").
        new RunOnceJobs.Job("sweeping media", config.media().sweepEvery(), () -> services.media().sweeper().sweep()),
        // Uploaded follow, block and mute lists (README "Export, import and moving"), a batch at a time.
        new RunOnceJobs.Job("importing accounts", Duration.ofSeconds(2), () -> services.moves().imports().work())));
    if (config.cluster().enabled()) {
      // The shared rate counters of windows no limit looks at any more (the longest is an hour).
      var counters = new RateCounterRepository(pool);
      runOnce.add(new RunOnceJobs.Job("sweeping expired rate counters", Duration.ofMinutes(5),
          () -> counters.sweep(Duration.ofHours(2))));
    }
    // Sent mail and used email links are kept a week for the operator, then forgotten (README "Email").
    var outgoingMail = new org.torg.server.db.OutgoingMailRepository(pool);
    runOnce.add(new RunOnceJobs.Job("pruning sent mail", Duration.ofHours(1), () -> outgoingMail.prune(Duration.ofDays(7))));
    jobs = new RunOnceJobs(vertx, nodeLocks, config.cluster().jobTakeover(), runOnce);
    jobs.start();
    // Every node sends queued mail (README "Email"); the queue's row locks keep them from sending one twice.
    services.mail().sender().start();

    String publicUrl = config.publicUrl().toString();
    var health = new HealthRoutes(new SchemaProbe(pool, schemaVersion));
    await(vertx.deployVerticle(new InboxWorker(services.inbox(), services.inboxHandoff(), services.inboxProcessor(), services.inboxMetrics(),
        nodeLocks::node)),
        "starting the inbox worker");
    if (config.federation().signWithWrongKey()) {
      LOG.warn("TESTING SWITCH ON: federation.testing.sign_with_wrong_key is true. Every delivery is signed with a key"
          + " no actor publishes, so every server must refuse it. This instance cannot federate; never use it in production.");
    }
    // A delivery worker per core, as for HTTP below: one event loop alone could not keep the
    // signing worker threads busy (the HTTP client's work for every delivery ran on it).
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    await(services.remoteHosts().load(), "loading the delivery health of remote hosts");
    await(vertx.deployVerticle(services.deliveryWorkers(nodeLocks::node), new DeploymentOptions().setInstances(cores)),
        "starting the delivery workers");
    // One HTTP verticle per core, each on its own event loop; Vert.x spreads the connections of
    // the one listening socket over verticles bound to the same host and port. Port 0 ("any
    // free port", for tests) is resolved first, because a port-0 listener is not shared.
    int instances = cores;
    int port = config.http().port() == 0 ? freePort(config.http().host()) : config.http().port();
    List<HttpVerticle> started = new CopyOnWriteArrayList<>();
    // Behind a proxy every client connects from the proxy's address: a limit per address would
    // cap the proxy, so the proxy limits its clients instead (config/torg.yaml).
    var perAddress = config.http().behindProxy() ? null : new ConnectionsPerAddress(config.http().maxConnectionsPerAddress());
    httpDeployment = await(vertx.deployVerticle(() -> {
      HttpVerticle verticle = new HttpVerticle(() -> Routes.create(vertx, config.http().bodyLimit(), health, services),
          config.http(), port, perAddress, services.metrics());
      started.add(verticle);
      return verticle;
    }, new DeploymentOptions().setInstances(instances)), "starting the HTTP server on " + config.http().host() + ":" + port);
    http = started.get(0);
    LOG.info("Torg listening on {}:{} as {} ({} HTTP event loops)", config.http().host(), http.actualPort(), publicUrl, instances);
  }

  private static int freePort(String host) throws StartupException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StartupException("cannot find a free port on " + host + ": " + oneLine(e));
    }
  }

  public int httpPort() {
    return http.actualPort();
  }

  public LocalKeyPair instanceKey() {
    return instanceKey;
  }

  public Services services() {
    return services;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Blocking and idempotent: stop accepting and drain HTTP (the verticle's undeploy), close
   * the pool, close Vert.x, stop the embedded database.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    if (jobs != null) {
      // No run-once job starts on a node that is going away; the lock goes with the connection below.
      jobs.stop();
    }
    if (vertx != null) {
      Duration drain = config.http().shutdownGrace().plusSeconds(5);
      if (httpDeployment != null) {
        quietly(() -> vertx.undeploy(httpDeployment).await(drain.toMillis(), TimeUnit.MILLISECONDS));
      }
      // Then the inbox and delivery workers, so they stop claiming before the pool closes; what they
      // had claimed is claimed again after its lease lapses.
      for (String deployment : Set.copyOf(vertx.deploymentIDs())) {
        quietly(() -> vertx.undeploy(deployment).await(10, TimeUnit.SECONDS));
      }
      if (queueNotifications != null) {
        quietly(() -> queueNotifications.close().await(10, TimeUnit.SECONDS));
      }
      if (nodeLocks != null) {
        quietly(() -> nodeLocks.close().await(10, TimeUnit.SECONDS));
      }
      if (services != null) {
        quietly(() -> services.close().await(10, TimeUnit.SECONDS));
      }
      if (pool != null) {
        quietly(() -> pool.close().await(10, TimeUnit.SECONDS));
      }
      quietly(() -> vertx.close().await(10, TimeUnit.SECONDS));
    }
    if (embedded != null) {
      quietly(() -> {
        embedded.close();
        return null;
      });
    }
    LOG.info("Torg stopped");
  }

  private void createDataDir() throws StartupException {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new StartupException("cannot create the data directory " + config.dataDir() + ": " + oneLine(e));
    }
  }

  private SecretBox openSecrets() throws StartupException {
    Path keyset = config.secretsKeysetPath();
    try {
      return SecretsKeysetFile.open(keyset, config.secrets().keyset().isEmpty());
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupException("cannot open the secrets keyset (TORG_SECRETS_KEYSET): " + oneLine(e));
    }
  }

  private Optional<DatabaseUrl> runningEmbeddedDatabase() throws StartupException {
    try {
      Optional<DatabaseUrl> running = EmbeddedDatabase.running(config.embeddedDatabaseDir());
      running.ifPresent(u -> LOG.info("Using the embedded PostgreSQL already running on 127.0.0.1:{}", u.port()));
      return running;
    } catch (IOException e) {
      throw new StartupException("cannot read the embedded PostgreSQL's state: " + oneLine(e));
    }
  }

  private DatabaseUrl startEmbeddedDatabase() throws StartupException {
    try {
      LOG.info("Starting the embedded PostgreSQL in {}", config.embeddedDatabaseDir());
      embedded = EmbeddedDatabase.start(config.embeddedDatabaseDir());
      LOG.info("Embedded PostgreSQL listening on 127.0.0.1:{}", embedded.url().port());
      return embedded.url();
    } catch (IOException | RuntimeException e) {
      throw new StartupException("the embedded PostgreSQL did not start: " + oneLine(e));
    }
  }

  /** One plain connection first, so an unreachable database gets its own clear message. */
  private void checkReachable(DatabaseUrl url) throws StartupException {
    Properties props = new Properties();
    props.setProperty("user", url.user());
    props.setProperty("password", url.password());
    props.setProperty("connectTimeout", Long.toString(config.database().connectTimeout().toSeconds()));
    try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), props)) {
      LOG.info("Database {} reachable", url.redacted());
    } catch (SQLException e) {
      throw new StartupException("cannot reach the database at " + url.redacted() + ": " + oneLine(e));
    }
  }

  private String migrate(DatabaseUrl url) throws StartupException {
    try {
      String version = Migrations.apply(url, config.database().schema(), config.database().connectTimeout());
      LOG.info("Database schema {} at version {}", config.database().schema(), version);
      return version;
    } catch (FlywayException e) {
      throw new StartupException("database migration failed: " + oneLine(e));
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future, String what) throws StartupException {
    try {
      return future.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new StartupException(what + " took longer than " + STEP_TIMEOUT.toSeconds() + " s");
    } catch (Exception e) {
      throw new StartupException(what + " failed: " + oneLine(e));
    }
  }

  /** The first line of the outermost message in the chain: start-up errors are printed as one line. */
  static String oneLine(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage().strip().lines().findFirst().orElseThrow();
      }
    }
    return e.getClass().getSimpleName();
  }

  private interface Step {
    Object run() throws Exception;
  }

  private static void quietly(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      LOG.warn("during shutdown: {}", oneLine(e));
    }
  }
}
