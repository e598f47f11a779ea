package org.torg.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.torg.server.app.StartupException;
import org.torg.server.app.Torg;
import org.torg.server.config.TorgConfig;

/** A whole Torg for a test class: its own schema and data dir on the shared test PostgreSQL. */
public final class RunningTorg implements AutoCloseable {

  private final Torg torg;
  private final TorgConfig config;

  private RunningTorg(Torg torg, TorgConfig config) {
    this.torg = torg;
    this.config = config;
  }

  public static RunningTorg start(Map<String, String> env) {
    return start(env, Clock.systemUTC());
  }

  /** A Torg on a clock the test controls (see {@link MutableClock}). */
  public static RunningTorg start(Map<String, String> env, Clock clock) {
    try {
      Path dataDir = Files.createTempDirectory("torg-test-data");
      TorgConfig config = TestConfigs.forSchema(TestDatabase.freshSchema(), dataDir, env);
      return new RunningTorg(Torg.start(config, clock), config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (StartupException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A Torg on a schema given by the test: several nodes of one instance share one (the cluster tests). */
  public static RunningTorg startOnSchema(String schema, Map<String, String> env) {
    try {
      Path dataDir = Files.createTempDirectory("torg-test-data");
      TorgConfig config = TestConfigs.forSchema(schema, dataDir, env);
      return new RunningTorg(Torg.start(config, Clock.systemUTC()), config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (StartupException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A Torg that other servers reach at http://{address} on port 80, as in a test federation on one machine. */
  public static RunningTorg onLoopbackAddress(String address) {
    return start(Map.of("TORG_PUBLIC_URL", "http://" + address, "TORG_HTTP_HOST", address, "TORG_HTTP_PORT", "80",
        "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"));
  }

  public Torg torg() {
    return torg;
  }

  public TorgConfig config() {
    return config;
  }

  public int port() {
    return torg.httpPort();
  }

  /** The address it listens on. */
  public String host() {
    return config.http().host();
  }

  public HttpRequest<Buffer> get(Vertx vertx, String pathAndQuery) {
    return WebClient.create(vertx).get(port(), host(), pathAndQuery);
  }

  /** A JSON API client for this Torg. */
  public ApiClient api(Vertx vertx) {
    return new ApiClient(WebClient.create(vertx), host(), port(), this);
  }

  public HttpRequest<Buffer> getActivityJson(Vertx vertx, String pathAndQuery) {
    return get(vertx, pathAndQuery).putHeader("Accept", "application/activity+json");
  }

  @Override
  public void close() {
    torg.stop();
  }
}
