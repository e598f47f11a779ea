package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The software columns of remote_host: what each host's NodeInfo said, and when it was asked. */
public final class RemoteSoftwareRepository {

  /**
   * @param name NodeInfo software.name, lower case; empty if never learned
   * @param version empty if unknown
   * @param checkedAt when NodeInfo was last asked
   * @param error why the last attempt failed; empty when it succeeded
   */
  public record SoftwareState(Optional<String> name, Optional<String> version, Instant checkedAt, Optional<String> error) {}

  private final Pool pool;

  public RemoteSoftwareRepository(Pool pool) {
    this.pool = pool;
  }

  /** Empty when the host was never asked (it may still have a row for its delivery health). */
  public Future<Optional<SoftwareState>> find(String host) {
    return pool.preparedQuery("SELECT software_name, software_version, software_checked_at, software_error"
            + " FROM remote_host WHERE host = $1 AND software_checked_at IS NOT NULL")
        .execute(Tuple.of(host))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(state(rows.iterator().next())));
  }

  public Future<Void> recordSoftware(String host, String name, String version, Instant checkedAt) {
    return pool.preparedQuery("INSERT INTO remote_host (host, software_name, software_version, software_checked_at)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT (host) DO UPDATE SET software_name = EXCLUDED.software_name,"
            + " software_version = EXCLUDED.software_version, software_checked_at = EXCLUDED.software_checked_at,"
            + " software_error = NULL")
        .execute(Tuple.of(host, name, version, utc(checkedAt))).mapEmpty();
  }

  /** The name and version learned before, if any, are kept. */
  public Future<Void> recordFailure(String host, String error, Instant checkedAt) {
    return pool.preparedQuery("INSERT INTO remote_host (host, software_checked_at, software_error) VALUES ($1, $2, $3)"
            + " ON CONFLICT (host) DO UPDATE SET software_checked_at = EXCLUDED.software_checked_at,"
            + " software_error = EXCLUDED.software_error")
        .execute(Tuple.of(host, utc(checkedAt), error)).mapEmpty();
  }

  private static SoftwareState state(Row row) {
    return new SoftwareState(Optional.ofNullable(row.getString("software_name")),
        Optional.ofNullable(row.getString("software_version")),
        row.getOffsetDateTime("software_checked_at").toInstant(),
        Optional.ofNullable(row.getString("software_error")));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
