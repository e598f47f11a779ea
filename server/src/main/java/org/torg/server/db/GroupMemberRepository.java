package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.GroupRole;

/** Who is a member or moderator of which local Group. */
public final class GroupMemberRepository {

  public record Member(String username, GroupRole role) {}

  private final Pool pool;

  public GroupMemberRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<GroupRole>> roleOf(long groupId, long accountId) {
    return pool.preparedQuery("SELECT role FROM group_member WHERE group_id = $1 AND account_id = $2")
        .execute(Tuple.of(groupId, accountId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : GroupRole.fromWire(rows.iterator().next().getString(0)));
  }

  /** Sets the account's role in the Group; returns the previous one, if any. */
  public Future<Optional<GroupRole>> put(SqlClient tx, long groupId, long accountId, GroupRole role) {
    return tx.preparedQuery("SELECT role FROM group_member WHERE group_id = $1 AND account_id = $2 FOR UPDATE")
        .execute(Tuple.of(groupId, accountId))
        .compose(before -> tx.preparedQuery("INSERT INTO group_member (group_id, account_id, role) VALUES ($1, $2, $3)"
                + " ON CONFLICT (group_id, account_id) DO UPDATE SET role = EXCLUDED.role")
            .execute(Tuple.of(groupId, accountId, role.wire()))
            .map(v -> before.size() == 0 ? Optional.<GroupRole>empty() : GroupRole.fromWire(before.iterator().next().getString(0))));
  }

  /** Removes the account from the Group; returns the role it had, if any. */
  public Future<Optional<GroupRole>> remove(SqlClient tx, long groupId, long accountId) {
    return tx.preparedQuery("DELETE FROM group_member WHERE group_id = $1 AND account_id = $2 RETURNING role")
        .execute(Tuple.of(groupId, accountId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : GroupRole.fromWire(rows.iterator().next().getString(0)));
  }

  public Future<Void> removeEverywhere(SqlClient tx, long accountId) {
    return tx.preparedQuery("DELETE FROM group_member WHERE account_id = $1").execute(Tuple.of(accountId)).mapEmpty();
  }

  public Future<List<Member>> members(long groupId) {
    return pool.preparedQuery("SELECT ac.username, gm.role FROM group_member gm JOIN account ac ON ac.id = gm.account_id"
            + " WHERE gm.group_id = $1 ORDER BY gm.role DESC, ac.username")
        .execute(Tuple.of(groupId))
        .map(rows -> {
          List<Member> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Member(r.getString(0), GroupRole.fromWire(r.getString(1)).orElseThrow())));
          return out;
        });
  }

  /** Whether the local account whose actor is {@code actorUri} is a member or moderator of the Group. */
  public Future<Boolean> isMember(long groupId, String actorUri) {
    return pool.preparedQuery("SELECT 1 FROM group_member gm JOIN account ac ON ac.id = gm.account_id JOIN actor a ON a.id = ac.actor_id"
            + " WHERE gm.group_id = $1 AND a.uri = $2 AND a.local AND a.deleted_at IS NULL")
        .execute(Tuple.of(groupId, actorUri)).map(rows -> rows.size() > 0);
  }

  /** The actor ids of the Groups the account is a member or moderator of. */
  public Future<List<Long>> groupsOf(long accountId) {
    return pool.preparedQuery("SELECT group_id FROM group_member WHERE account_id = $1 ORDER BY group_id")
        .execute(Tuple.of(accountId)).map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong(0)));
          return out;
        });
  }
}
