package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;

/** The actor table: local actors Torg hosts and remote actors it has met. */
public final class ActorRepository {

  /** The columns every query selects, in {@link #toActor} order. */
  static final String COLUMNS = "id, uri, local, type, username, host, display_name, summary, url, inbox, shared_inbox,"
      + " outbox, followers_url, following_url, manually_approves_followers, icon_url, awaiting_approval, published, fetched_at,"
      + " deleted_at";

  /** {@link #COLUMNS} qualified with a table alias, for joins; {@link #toActor} reads them by the same names. */
  static String columns(String alias) {
    StringBuilder out = new StringBuilder();
    for (String column : COLUMNS.split(",")) {
      out.append(out.length() == 0 ? "" : ", ").append(alias).append('.').append(column.trim());
    }
    return out.toString();
  }

  /** What identifies an actor and where to reach it: the fields an insert or refresh writes. */
  public record ActorFields(String uri, boolean local, ActorType type, String username, String host,
      String displayName, String summary, String url, String inbox, String sharedInbox, String outbox,
      String followersUrl, String followingUrl, boolean manuallyApprovesFollowers, String iconUrl) {}

  /** A local username or actor id that is already taken. */
  public static final class DuplicateActorException extends RuntimeException {
    DuplicateActorException(String what) {
      super(what + " is already taken", null, false, false);
    }
  }

  private final Pool pool;

  public ActorRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Optional<Actor>> findByUri(String uri) {
    return one("SELECT " + COLUMNS + " FROM actor WHERE uri = $1", Tuple.of(uri));
  }

  public Future<Optional<Actor>> findById(long id) {
    return one("SELECT " + COLUMNS + " FROM actor WHERE id = $1", Tuple.of(id));
  }

  /** An actor this server has stored, by the two halves of its handle (matched without regard to case). */
  public Future<Optional<Actor>> findByHandle(String username, String host) {
    return one("SELECT " + COLUMNS + " FROM actor WHERE lower(username) = lower($1) AND host = lower($2)"
        + " ORDER BY deleted_at IS NULL DESC, id LIMIT 1", Tuple.of(username, host));
  }

  public Future<Optional<Actor>> findLocalByUsername(String username) {
    return one("SELECT " + COLUMNS + " FROM actor WHERE local AND username = $1", Tuple.of(username));
  }

  /** Inserts a local actor in the caller's transaction; a taken username fails with DuplicateActorException. */
  public Future<Actor> insertLocal(SqlClient tx, ActorFields f) {
    return insertLocal(tx, f, false);
  }

  /** As {@link #insertLocal(SqlClient, ActorFields)}; an actor awaiting approval is stored but not served. */
  public Future<Actor> insertLocal(SqlClient tx, ActorFields f, boolean awaitingApproval) {
    return tx.preparedQuery("INSERT INTO actor (uri, local, type, username, host, display_name, summary, url, inbox,"
            + " shared_inbox, outbox, followers_url, following_url, manually_approves_followers, icon_url, awaiting_approval)"
            + " VALUES ($1, true, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING " + COLUMNS)
        .execute(Tuple.from(new Object[] {f.uri(), f.type().name(), f.username(), f.host(), f.displayName(), f.summary(),
            f.url(), f.inbox(), f.sharedInbox(), f.outbox(), f.followersUrl(), f.followingUrl(), f.manuallyApprovesFollowers(),
            f.iconUrl(), awaitingApproval}))
        .map(rows -> toActor(rows.iterator().next()))
        .recover(e -> Future.failedFuture(isUniqueViolation(e) ? new DuplicateActorException(f.username()) : e));
  }

  /** Inserts or refreshes a remote actor from its fetched document; returns the stored row. */
  public Future<Actor> upsertRemote(ActorFields f) {
    return pool.preparedQuery("INSERT INTO actor (uri, local, type, username, host, display_name, summary, url, inbox,"
            + " shared_inbox, outbox, followers_url, following_url, manually_approves_followers, icon_url, fetched_at)"
            + " VALUES ($1, false, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())"
            + " ON CONFLICT (uri) DO UPDATE SET type = EXCLUDED.type, username = EXCLUDED.username,"
            + " display_name = EXCLUDED.display_name, summary = EXCLUDED.summary, url = EXCLUDED.url,"
            + " inbox = EXCLUDED.inbox, shared_inbox = EXCLUDED.shared_inbox, outbox = EXCLUDED.outbox,"
            + " followers_url = EXCLUDED.followers_url, following_url = EXCLUDED.following_url,"
            + " manually_approves_followers = EXCLUDED.manually_approves_followers, icon_url = EXCLUDED.icon_url,"
            + " fetched_at = now(), updated_at = now()"
            + " WHERE NOT actor.local RETURNING " + COLUMNS)
        .execute(Tuple.from(new Object[] {f.uri(), f.type().name(), f.username(), f.host(), f.displayName(), f.summary(),
            f.url(), f.inbox(), f.sharedInbox(), f.outbox(), f.followersUrl(), f.followingUrl(), f.manuallyApprovesFollowers(),
            f.iconUrl()}))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(toActor(rows.iterator().next()))
            : Future.failedFuture(new DuplicateActorException(f.uri())));
  }

  /** In the caller's transaction: a local actor's new profile, returned as stored. */
  public Future<Actor> updateLocalProfile(SqlClient tx, long id, String displayName, String summary, String iconUrl) {
    return tx.preparedQuery("UPDATE actor SET display_name = $2, summary = $3, icon_url = $4, updated_at = now()"
            + " WHERE id = $1 AND local RETURNING " + COLUMNS)
        .execute(Tuple.of(id, displayName, summary, iconUrl))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(toActor(rows.iterator().next()))
            : Future.failedFuture(new IllegalArgumentException("no local actor " + id)));
  }

  /** Local people who have not been deleted (nor wait for approval): NodeInfo's user count. */
  public Future<Long> countLocalPeople() {
    return pool.query("SELECT count(*) FROM actor WHERE local AND type = 'Person' AND deleted_at IS NULL"
            + " AND NOT awaiting_approval").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** In the caller's transaction: an approved registration's actor is served from now on. */
  public Future<Void> approve(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE actor SET awaiting_approval = false, published = now(), updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** In the caller's transaction: a local actor closed by its owner; the row stays, so the name is never reused. */
  public Future<Void> markDeleted(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE actor SET deleted_at = coalesce(deleted_at, now()), updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** In the caller's transaction: a registration refused before it was ever served; its name is free again. */
  public Future<Void> deleteNeverServed(SqlClient tx, long id) {
    return tx.preparedQuery("DELETE FROM actor WHERE id = $1 AND local AND awaiting_approval").execute(Tuple.of(id)).mapEmpty();
  }

  /** Marks an actor deleted (a remote Delete, or a local account closed). */
  public Future<Void> markDeleted(long id) {
    return pool.preparedQuery("UPDATE actor SET deleted_at = coalesce(deleted_at, now()), updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  private Future<Optional<Actor>> one(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args)
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toActor(rows.iterator().next())));
  }

  static Actor toActor(Row r) {
    OffsetDateTime deleted = r.getOffsetDateTime("deleted_at");
    OffsetDateTime fetched = r.getOffsetDateTime("fetched_at");
    return new Actor(
        r.getLong("id"), r.getString("uri"), r.getBoolean("local"), ActorType.valueOf(r.getString("type")),
        r.getString("username"), r.getString("host"), r.getString("display_name"), r.getString("summary"),
        r.getString("url"), r.getString("inbox"), r.getString("shared_inbox"), r.getString("outbox"),
        r.getString("followers_url"), r.getString("following_url"), r.getBoolean("manually_approves_followers"),
        r.getString("icon_url"), r.getBoolean("awaiting_approval"),
        r.getOffsetDateTime("published").toInstant(),
        Optional.ofNullable(fetched).map(OffsetDateTime::toInstant),
        Optional.ofNullable(deleted).map(OffsetDateTime::toInstant));
  }

  /** A unique index refused the row: someone stored the same thing a moment earlier. */
  public static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }
}
