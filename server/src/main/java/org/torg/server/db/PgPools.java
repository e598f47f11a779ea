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
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password())
        .setCachePreparedStatements(true)
        // search_path is sent in the startup packet, so unqualified table names find Torg's schema.
        .setProperties(Map.of("search_path", schema, "application_name", "torg"));
    int timeoutMillis = (int) connectTimeout.toMillis();
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size)
            .setConnectionTimeout(timeoutMillis).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout(timeoutMillis))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }
}
