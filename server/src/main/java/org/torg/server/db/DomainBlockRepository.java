package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.DomainBlock;

/** The domain_block table. */
public final class DomainBlockRepository {

  private static final String SELECT = "SELECT domain, severity, reject_media, reject_reports, reason, obfuscate, created_at"
      + " FROM domain_block";

  private final Pool pool;

  public DomainBlockRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<List<DomainBlock>> all() {
    return pool.query(SELECT + " ORDER BY domain").execute().map(rows -> {
      List<DomainBlock> out = new ArrayList<>();
      rows.forEach(r -> out.add(toBlock(r)));
      return out;
    });
  }

  public Future<Optional<DomainBlock>> find(SqlClient client, String domain) {
    return client.preparedQuery(SELECT + " WHERE domain = $1").execute(Tuple.of(domain))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toBlock(rows.iterator().next())));
  }

  /** Inserts or replaces the block of {@code b.domain()}. */
  public Future<Void> upsert(SqlClient tx, DomainBlock b, Long createdBy) {
    return tx.preparedQuery("INSERT INTO domain_block (domain, severity, reject_media, reject_reports, reason, obfuscate, created_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (domain) DO UPDATE SET severity = $2, reject_media = $3,"
            + " reject_reports = $4, reason = $5, obfuscate = $6")
        .execute(Tuple.from(new Object[] {b.domain(), b.severity().wire(), b.rejectMedia(), b.rejectReports(), b.reason(),
            b.obfuscate(), createdBy}))
        .mapEmpty();
  }

  public Future<Boolean> delete(SqlClient tx, String domain) {
    return tx.preparedQuery("DELETE FROM domain_block WHERE domain = $1").execute(Tuple.of(domain)).map(r -> r.rowCount() > 0);
  }

  /** Pending deliveries to a suspended domain are given up at once: nothing more goes there. */
  public Future<Integer> cancelDeliveries(SqlClient tx, String domain) {
    return tx.preparedQuery("UPDATE delivery SET state = 'failed', finished_at = now(), last_error = 'domain suspended'"
            + " WHERE state = 'pending' AND host = $1")
        .execute(Tuple.of(domain)).map(r -> r.rowCount());
  }

  static DomainBlock toBlock(Row r) {
    return new DomainBlock(r.getString("domain"), DomainBlock.Severity.fromWire(r.getString("severity")).orElseThrow(),
        r.getBoolean("reject_media"), r.getBoolean("reject_reports"), r.getString("reason"), r.getBoolean("obfuscate"),
        r.getOffsetDateTime("created_at").toInstant());
  }
}
