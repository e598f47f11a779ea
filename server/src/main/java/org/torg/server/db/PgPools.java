package org.torg.server.db;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds the Vert.x PG client pool every repository shares. */
public final class PgPools {

  private PgPools() {}

  /** The pool connects lazily: run a query to know the database is there. */
  public static Pool create(Vertx vertx, DatabaseUrl url, String schema, int size, Duration connectTimeout) {
    PgConnectOptions connect = connectOptions(url, schema);
    int timeoutMillis = (int) connectTimeout.toMillis();
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size)
            .setConnectionTimeout(timeoutMillis).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout(timeoutMillis))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /** What the pool connects with; the node's own connections (locks, LISTEN) use the same. */
  public static PgConnectOptions connectOptions(DatabaseUrl url, String schema) {
    return new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password())
        .setCachePreparedStatements(true)
        // search_path is sent in the startup packet, so unqualified table names find Torg's schema.
        .setProperties(Map.of("search_path", schema, "application_name", "torg"));
  }

  /**
   * A pool of one connection that its user holds for as long as it runs (the node's advisory
   * locks). TCP keepalive, so that the database notices a node on another machine that vanished
   * without closing it, and frees its locks for the other nodes.
   */
  public static Pool single(Vertx vertx, DatabaseUrl url, String schema, Duration connectTimeout) {
    int timeoutMillis = (int) connectTimeout.toMillis();
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1)
            .setConnectionTimeout(timeoutMillis).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout(timeoutMillis).setTcpKeepAlive(true))
        .connectingTo(connectOptions(url, schema))
        .using(vertx)
        .build();
  }
}
