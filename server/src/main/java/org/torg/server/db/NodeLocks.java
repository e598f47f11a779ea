package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's PostgreSQL session advisory locks, held on one connection of its own for as long as
 * the node runs. PostgreSQL releases them when that connection ends, so a node that dies (SIGKILL,
 * a lost machine, noticed through TCP keepalive) frees them at once without any timeout of ours:
 * <ul>
 *   <li>the node lock, on a number chosen at start: queue rows record it as their claimer, and rows
 *       whose claimer no longer holds its lock are claimed again by the other nodes
 *       ({@link #CLAIMER_GONE});
 *   <li>job locks: a job that must run on one node at a time runs where its lock is held.
 * </ul>
 * Keys are scoped by the schema (hashtext of its name), so Torgs in different schemas of one
 * database never share a lock. When the connection is lost, every lock is lost with it: this node
 * stops leading, and reconnects to take its node lock again.
 */
public final class NodeLocks {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLocks.class);
  private static final long RECONNECT_MILLIS = 1_000;

  /**
   * SQL true when a row's claimed_by names a node that does not hold its lock any more. Computed
   * once per statement (an uncorrelated subquery over pg_locks), not per row.
   */
  public static final String CLAIMER_GONE = "claimed_by::bigint NOT IN (SELECT objid::bigint FROM pg_locks"
      + " WHERE locktype = 'advisory' AND objsubid = 2 AND granted"
      + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
      + " AND classid::bigint = (hashtext(current_schema() || ':node')::bigint & 4294967295))";

  private final Vertx vertx;
  private final Pool single;
  private final Set<Integer> heldJobs = ConcurrentHashMap.newKeySet();
  private volatile SqlConnection connection;
  private volatile int node;
  private volatile boolean closed;

  public NodeLocks(Vertx vertx, Pool single) {
    this.vertx = vertx;
    this.single = single;
  }

  /** Connects and takes this node's lock; fails when the database cannot be reached. */
  public Future<Void> start() {
    return connect();
  }

  /** This node's number, as recorded in claimed_by. */
  public int node() {
    return node;
  }

  /** Whether this node holds the job's lock right now. */
  public boolean holds(int job) {
    return heldJobs.contains(job);
  }

  /** Takes the job's lock when free; true when this node holds it afterwards. */
  public Future<Boolean> tryLock(int job) {
    if (heldJobs.contains(job)) {
      return Future.succeededFuture(true);
    }
    SqlConnection conn = connection;
    if (conn == null) {
      return Future.succeededFuture(false);
    }
    return conn.preparedQuery("SELECT pg_try_advisory_lock(hashtext(current_schema() || ':job'), $1)")
        .execute(Tuple.of(job))
        .map(rows -> {
          boolean got = rows.iterator().next().getBoolean(0);
          if (got && connection == conn) {
            heldJobs.add(job);
          }
          return got && connection == conn;
        });
  }

  /** Blocking-free: ends the connection, which releases every lock of this node. */
  public Future<Void> close() {
    closed = true;
    heldJobs.clear();
    SqlConnection conn = connection;
    connection = null;
    return (conn == null ? Future.<Void>succeededFuture() : conn.close().recover(e -> Future.succeededFuture()))
        .compose(v -> single.close());
  }

  private Future<Void> connect() {
    return single.getConnection().compose(conn -> takeNodeLock(conn, node == 0 ? randomNode() : node, 0).map(number -> {
      conn.closeHandler(v -> lost(conn));
      node = number;
      connection = conn;
      LOG.info("node {} holds its lock", number);
      return null;
    }));
  }

  /** The number this node had before a reconnect is taken again when free, so its claims stay its own. */
  private Future<Integer> takeNodeLock(SqlConnection conn, int number, int tries) {
    return conn.preparedQuery("SELECT pg_try_advisory_lock(hashtext(current_schema() || ':node'), $1)")
        .execute(Tuple.of(number))
        .compose(rows -> {
          if (rows.iterator().next().getBoolean(0)) {
            return Future.succeededFuture(number);
          }
          if (tries >= 10) {
            return Future.failedFuture(new IllegalStateException("no free node number after 10 tries"));
          }
          return takeNodeLock(conn, randomNode(), tries + 1);
        });
  }

  private void lost(SqlConnection conn) {
    if (connection != conn) {
      return;
    }
    connection = null;
    heldJobs.clear();
    if (closed) {
      return;
    }
    LOG.warn("node {} lost its database connection and with it its locks; reconnecting", node);
    reconnectLater();
  }

  private void reconnectLater() {
    vertx.setTimer(RECONNECT_MILLIS, t -> {
      if (!closed) {
        connect().onFailure(e -> {
          LOG.warn("node {} could not reconnect: {}", node, e.getMessage());
          reconnectLater();
        });
      }
    });
  }

  private static int randomNode() {
    return ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
  }
}
