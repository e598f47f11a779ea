package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The activities Torg sent: the outbox collections, and what deliveries point at. */
public final class OutboxRepository {

  /** Activities shown in an outbox: public ones that carry content, as Mastodon shows them. */
  private static final String PUBLIC_CONTENT = "actor_id = $1 AND type IN ('Create', 'Announce')"
      + " AND (body->'to' ? 'https://www.w3.org/ns/activitystreams#Public'"
      + " OR body->'cc' ? 'https://www.w3.org/ns/activitystreams#Public')";

  private final Pool pool;

  public OutboxRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores an activity in the caller's transaction and returns its row id. */
  public Future<Long> insert(SqlClient tx, long actorId, JsonObject activity) {
    return tx.preparedQuery("INSERT INTO outbox_activity (uri, actor_id, type, body) VALUES ($1, $2, $3, $4) RETURNING id")
        .execute(Tuple.of(activity.getString("id"), actorId, activity.getString("type"), activity))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Optional<JsonObject>> findByUri(String uri) {
    return pool.preparedQuery("SELECT body FROM outbox_activity WHERE uri = $1").execute(Tuple.of(uri))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of((JsonObject) rows.iterator().next().getValue(0)));
  }

  public Future<Long> countPublic(long actorId) {
    return pool.preparedQuery("SELECT count(*) FROM outbox_activity WHERE " + PUBLIC_CONTENT).execute(Tuple.of(actorId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<List<JsonObject>> publicPage(long actorId, int limit, int offset) {
    return pool.preparedQuery("SELECT body FROM outbox_activity WHERE " + PUBLIC_CONTENT + " ORDER BY id DESC LIMIT $2 OFFSET $3")
        .execute(Tuple.of(actorId, limit, offset))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> {
            JsonObject body = ((JsonObject) r.getValue(0)).copy();
            body.remove("@context");
            out.add(body);
          });
          return out;
        });
  }
}
