package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the admin UI shows of federation: the delivery queue and the remote hosts that fail. */
public final class FederationHealthRepository {

  /** A host with failures since its last success: on how many days, its last error, what waits for it. */
  public record FailingHost(String host, int failureDays, boolean unavailable, Optional<Instant> lastFailureAt,
      Optional<Instant> lastSuccessAt, String lastError, long pending) {}

  /** Deliveries waiting and given up (the latter over the last 24 hours). */
  public record Queue(long pending, long failedLastDay) {}

  private final Pool pool;

  public FederationHealthRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Queue> queue() {
    return pool.query("SELECT count(*) FILTER (WHERE state = 'pending'),"
            + " count(*) FILTER (WHERE state = 'failed' AND finished_at > now() - interval '1 day') FROM delivery")
        .execute().map(rows -> {
          var r = rows.iterator().next();
          return new Queue(r.getLong(0), r.getLong(1));
        });
  }

  /** Hosts failing now, latest failure first. */
  public Future<List<FailingHost>> failingHosts(int limit) {
    return pool.preparedQuery("SELECT h.host, cardinality(h.failure_days), h.unavailable, h.last_failure_at, h.last_success_at,"
            + " h.last_error, (SELECT count(*) FROM delivery d WHERE d.host = h.host AND d.state = 'pending')"
            + " FROM remote_host h WHERE cardinality(h.failure_days) > 0 OR h.unavailable"
            + " ORDER BY h.last_failure_at DESC NULLS LAST LIMIT $1")
        .execute(Tuple.of(limit)).map(rows -> {
          List<FailingHost> out = new ArrayList<>();
          rows.forEach(r -> out.add(new FailingHost(r.getString(0), r.getInteger(1), r.getBoolean(2),
              instant(r.getOffsetDateTime(3)), instant(r.getOffsetDateTime(4)), r.getString(5), r.getLong(6))));
          return out;
        });
  }

  private static Optional<Instant> instant(OffsetDateTime t) {
    return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
  }
}
