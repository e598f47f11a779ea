package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.torg.server.model.ActorProfile;
import org.torg.server.model.ProfileField;

/** The actor_profile table (V26): header image and fields, one row per actor that has either. */
public final class ActorProfileRepository {

  private final Pool pool;

  public ActorProfileRepository(Pool pool) {
    this.pool = pool;
  }

  /** The actor's profile extras; {@link ActorProfile#EMPTY} when it has none. */
  public Future<ActorProfile> find(long actorId) {
    return find(pool, actorId);
  }

  public Future<ActorProfile> find(SqlClient client, long actorId) {
    return client.preparedQuery("SELECT header_url, fields FROM actor_profile WHERE actor_id = $1").execute(Tuple.of(actorId))
        .map(rows -> rows.size() == 0 ? ActorProfile.EMPTY : toProfile(rows.iterator().next()));
  }

  /** In the caller's transaction: the actor's header and fields, as given (an empty profile keeps an empty row). */
  public Future<Void> save(SqlClient tx, long actorId, ActorProfile profile) {
    JsonArray fields = new JsonArray();
    for (ProfileField f : profile.fields()) {
      JsonObject field = new JsonObject().put("name", f.name()).put("value", f.value());
      if (f.source() != null) {
        field.put("source", f.source());
      }
      fields.add(field);
    }
    return tx.preparedQuery("INSERT INTO actor_profile (actor_id, header_url, fields) VALUES ($1, $2, $3)"
            + " ON CONFLICT (actor_id) DO UPDATE SET header_url = EXCLUDED.header_url, fields = EXCLUDED.fields,"
            + " updated_at = now()")
        .execute(Tuple.of(actorId, profile.headerUrl(), fields)).mapEmpty();
  }

  private static ActorProfile toProfile(Row r) {
    List<ProfileField> fields = new ArrayList<>();
    Object raw = r.getValue("fields");
    if (raw instanceof JsonArray array) {
      for (Object o : array) {
        if (o instanceof JsonObject f) {
          fields.add(new ProfileField(f.getString("name", ""), f.getString("value", ""), f.getString("source")));
        }
      }
    }
    return new ActorProfile(r.getString("header_url"), fields);
  }
}
