package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The branch_membership table: which Groups asked to join which hubs, and which hubs approved them. */
public final class BranchMembershipRepository {

  public enum State { pending, approved }

  /** One hub–branch pair, with what the directory shows of the branch. */
  public record Membership(long id, long hubId, long branchId, State state, String joinUri, JsonObject join, String place,
      Instant requestedAt, Optional<Instant> approvedAt) {}

  /** A branch as the hub's directory lists it. */
  public record Listed(long id, String uri, String username, String host, String displayName, String summary, String url,
      String place, State state, Instant requestedAt) {}

  /** A hub as its branch sees it: what it asked and whether the hub approved. */
  public record HubOfBranch(String uri, String username, String host, State state, String place) {}

  private static final String COLUMNS = "id, hub_id, branch_id, state, join_uri, join_activity, place, requested_at, approved_at";

  private final Pool pool;

  public BranchMembershipRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /**
   * Records a request to join (or its repetition). A repeated request keeps an approval already
   * given, and takes the newer Join's place: the branch re-sends its Join to change its place, and
   * deliveries may arrive out of order, so a Join older than the one stored changes nothing.
   */
  public Future<Membership> request(SqlClient client, long hubId, long branchId, String joinUri, JsonObject join, String place,
      String searchKey, Instant askedAt) {
    return client.preparedQuery("INSERT INTO branch_membership (hub_id, branch_id, state, join_uri, join_activity, place, search_key,"
            + " requested_at) VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7) ON CONFLICT (hub_id, branch_id) DO UPDATE SET"
            + " join_uri = EXCLUDED.join_uri, join_activity = EXCLUDED.join_activity, place = EXCLUDED.place,"
            + " search_key = EXCLUDED.search_key, requested_at = EXCLUDED.requested_at"
            + " WHERE branch_membership.requested_at <= EXCLUDED.requested_at RETURNING " + COLUMNS)
        .execute(Tuple.of(hubId, branchId, joinUri, join, place, searchKey).addOffsetDateTime(askedAt.atOffset(java.time.ZoneOffset.UTC)))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(membership(rows.iterator().next()))
            : client.preparedQuery("SELECT " + COLUMNS + " FROM branch_membership WHERE hub_id = $1 AND branch_id = $2")
                .execute(Tuple.of(hubId, branchId)).map(again -> membership(again.iterator().next())));
  }

  /** Marks the membership approved; false when there is none. */
  public Future<Boolean> approve(SqlClient client, long hubId, long branchId) {
    return client.preparedQuery("UPDATE branch_membership SET state = 'approved', approved_at = coalesce(approved_at, now())"
            + " WHERE hub_id = $1 AND branch_id = $2")
        .execute(Tuple.of(hubId, branchId))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Forgets the membership, pending or approved; false when there was none. */
  public Future<Boolean> delete(SqlClient client, long hubId, long branchId) {
    return client.preparedQuery("DELETE FROM branch_membership WHERE hub_id = $1 AND branch_id = $2")
        .execute(Tuple.of(hubId, branchId))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<Optional<Membership>> find(long hubId, long branchId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM branch_membership WHERE hub_id = $1 AND branch_id = $2")
        .execute(Tuple.of(hubId, branchId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(membership(rows.iterator().next())));
  }

  public Future<Optional<Membership>> findById(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM branch_membership WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(membership(rows.iterator().next())));
  }

  public Future<Optional<Membership>> findByJoinUri(String joinUri) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM branch_membership WHERE join_uri = $1")
        .execute(Tuple.of(joinUri))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(membership(rows.iterator().next())));
  }

  /**
   * The hub's branches in one state, oldest request first; {@code searchKey} (already folded)
   * keeps those whose name or place contains it, blank keeps all.
   */
  public Future<List<Listed>> listed(long hubId, State state, String searchKey, int limit, int offset) {
    return pool.preparedQuery("SELECT m.id, a.uri, a.username, a.host, a.display_name, a.summary, a.url, m.place, m.state,"
            + " m.requested_at FROM branch_membership m JOIN actor a ON a.id = m.branch_id"
            + " WHERE m.hub_id = $1 AND m.state = $2 AND a.deleted_at IS NULL AND strpos(m.search_key, $3) > 0"
            + " ORDER BY coalesce(m.approved_at, m.requested_at), m.id LIMIT $4 OFFSET $5")
        .execute(Tuple.of(hubId, state.name(), searchKey, limit, offset))
        .map(rows -> {
          List<Listed> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Listed(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
              r.getString(5), r.getString(6), r.getString(7), State.valueOf(r.getString(8)),
              r.getOffsetDateTime(9).toInstant())));
          return out;
        });
  }

  /** The hubs a branch asked to join, approved or not, in the order it asked. */
  public Future<List<HubOfBranch>> hubsOf(long branchId) {
    return pool.preparedQuery("SELECT a.uri, a.username, a.host, m.state, m.place FROM branch_membership m"
            + " JOIN actor a ON a.id = m.hub_id WHERE m.branch_id = $1 ORDER BY m.requested_at, m.id")
        .execute(Tuple.of(branchId))
        .map(rows -> {
          List<HubOfBranch> out = new ArrayList<>();
          rows.forEach(r -> out.add(new HubOfBranch(r.getString(0), r.getString(1), r.getString(2), State.valueOf(r.getString(3)),
              r.getString(4))));
          return out;
        });
  }

  public Future<Long> countApproved(long hubId) {
    return pool.preparedQuery("SELECT count(*) FROM branch_membership m JOIN actor a ON a.id = m.branch_id"
            + " WHERE m.hub_id = $1 AND m.state = 'approved' AND a.deleted_at IS NULL")
        .execute(Tuple.of(hubId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The actor URIs of the hub's approved branches, in the order they were approved. */
  public Future<List<String>> approvedBranchUris(long hubId, int limit, int offset) {
    return pool.preparedQuery("SELECT a.uri FROM branch_membership m JOIN actor a ON a.id = m.branch_id"
            + " WHERE m.hub_id = $1 AND m.state = 'approved' AND a.deleted_at IS NULL ORDER BY m.approved_at, m.id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(hubId, limit, offset))
        .map(BranchMembershipRepository::uris);
  }

  /** The actor URIs of the hubs that approved the branch, in the order they did. */
  public Future<List<String>> approvingHubUris(long branchId) {
    return pool.preparedQuery("SELECT a.uri FROM branch_membership m JOIN actor a ON a.id = m.hub_id"
            + " WHERE m.branch_id = $1 AND m.state = 'approved' AND a.deleted_at IS NULL ORDER BY m.approved_at, m.id")
        .execute(Tuple.of(branchId))
        .map(BranchMembershipRepository::uris);
  }

  /** Hubs, here or elsewhere, that approved a Group of this server (NodeInfo: the hubs this instance belongs to). */
  public Future<List<String>> hubsOfLocalBranches() {
    return pool.preparedQuery("SELECT DISTINCT h.uri FROM branch_membership m JOIN actor h ON h.id = m.hub_id"
            + " JOIN actor b ON b.id = m.branch_id WHERE m.state = 'approved' AND b.local AND b.deleted_at IS NULL"
            + " AND h.deleted_at IS NULL ORDER BY h.uri")
        .execute()
        .map(BranchMembershipRepository::uris);
  }

  /** This server's Groups that have at least one approved branch (NodeInfo: the hubs it hosts). */
  public Future<List<String>> localHubsWithBranches() {
    return pool.preparedQuery("SELECT DISTINCT h.uri FROM branch_membership m JOIN actor h ON h.id = m.hub_id"
            + " WHERE m.state = 'approved' AND h.local AND h.deleted_at IS NULL ORDER BY h.uri")
        .execute()
        .map(BranchMembershipRepository::uris);
  }

  private static List<String> uris(io.vertx.sqlclient.RowSet<Row> rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private static Membership membership(Row r) {
    OffsetDateTime approved = r.getOffsetDateTime(8);
    return new Membership(r.getLong(0), r.getLong(1), r.getLong(2), State.valueOf(r.getString(3)), r.getString(4),
        r.getValue(5) instanceof JsonObject json ? json : null, r.getString(6), r.getOffsetDateTime(7).toInstant(),
        Optional.ofNullable(approved).map(OffsetDateTime::toInstant));
  }
}
