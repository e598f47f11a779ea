package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Per remote host: delivery health and the signature format it accepts. */
public final class RemoteHostRepository {

  /** Failures on this many distinct days make a host unavailable, as on Mastodon. */
  public static final int UNAVAILABLE_AFTER_DAYS = 7;

  public record HostState(boolean unavailable, Optional<String> signatureFormat) {}

  private final Pool pool;

  public RemoteHostRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Map<String, HostState>> loadAll() {
    return pool.query("SELECT host, unavailable, signature_format FROM remote_host").execute().map(rows -> {
      Map<String, HostState> out = new HashMap<>();
      rows.forEach(r -> out.put(r.getString(0), new HostState(r.getBoolean(1), Optional.ofNullable(r.getString(2)))));
      return out;
    });
  }

  /** A delivery succeeded (or the host answered a verified activity): the failure record is cleared. */
  public Future<Void> recordSuccess(String host, String signatureFormat) {
    return pool.preparedQuery("INSERT INTO remote_host (host, last_success_at, signature_format) VALUES ($1, now(), $2)"
            + " ON CONFLICT (host) DO UPDATE SET failure_days = '{}', unavailable = false, last_success_at = now(),"
            + " signature_format = coalesce(EXCLUDED.signature_format, remote_host.signature_format)")
        .execute(Tuple.of(host, signatureFormat)).mapEmpty();
  }

  /** {@link #recordSuccess} for many hosts in one statement: host → signature format (or null). */
  public Future<Void> recordSuccesses(Map<String, String> hosts) {
    String[] names = hosts.keySet().toArray(String[]::new);
    String[] formats = hosts.values().toArray(String[]::new);
    return pool.preparedQuery("INSERT INTO remote_host (host, last_success_at, signature_format)"
            + " SELECT h, now(), f FROM unnest($1::text[], $2::text[]) AS t(h, f)"
            + " ON CONFLICT (host) DO UPDATE SET failure_days = '{}', unavailable = false, last_success_at = now(),"
            + " signature_format = coalesce(EXCLUDED.signature_format, remote_host.signature_format)")
        .execute(Tuple.tuple().addArrayOfString(names).addArrayOfString(formats)).mapEmpty();
  }

  /** A delivery failed: today joins the failure days; seven distinct days make the host unavailable. Returns that verdict. */
  public Future<Boolean> recordFailure(String host, String error) {
    return pool.preparedQuery("INSERT INTO remote_host (host, failure_days, last_failure_at, last_error) VALUES ($1, ARRAY[current_date], now(), $2)"
            + " ON CONFLICT (host) DO UPDATE SET"
            + " failure_days = (SELECT array_agg(DISTINCT d ORDER BY d) FROM unnest(remote_host.failure_days || current_date) AS d),"
            + " last_failure_at = now(), last_error = EXCLUDED.last_error,"
            + " unavailable = cardinality(ARRAY(SELECT DISTINCT unnest(remote_host.failure_days || current_date))) >= " + UNAVAILABLE_AFTER_DAYS
            + " RETURNING unavailable")
        .execute(Tuple.of(host, error)).map(rows -> rows.iterator().next().getBoolean(0));
  }
}
