package org.torg.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.torg.server.model.MediaAttachment;

/** The media table: uploads, what posts they are attached to, and remote posts' attachments. */
public final class MediaRepository {

  private static final String COLUMNS = "m.id, m.owner_id, m.post_id, m.kind, m.media_type, m.storage_key, m.preview_key,"
      + " m.description, m.blurhash, m.width, m.height, m.size_bytes, m.remote_url";

  /** A post's attachments as one JSON array, in a post query's select list (the post is {@code p}). */
  static final String OF_POST = "(SELECT coalesce(jsonb_agg(jsonb_build_object('id', pm.id, 'owner_id', pm.owner_id, 'post_id',"
      + " pm.post_id, 'kind', pm.kind, 'media_type', pm.media_type, 'storage_key', pm.storage_key, 'preview_key', pm.preview_key,"
      + " 'description', pm.description, 'blurhash', pm.blurhash, 'width', pm.width, 'height', pm.height, 'size_bytes',"
      + " pm.size_bytes, 'remote_url', pm.remote_url) ORDER BY pm.position, pm.id), '[]'::jsonb) FROM media pm"
      + " WHERE pm.post_id = p.id)";

  /** A file just stored for an upload, before any post takes it. */
  public record NewUpload(long ownerId, MediaAttachment.Kind kind, String mediaType, String storageKey, String previewKey,
      String description, String blurhash, Integer width, Integer height, long sizeBytes) {}

  /** A remote Note's attachment, as its Note describes it. */
  public record NewRemote(MediaAttachment.Kind kind, String mediaType, String remoteUrl, String description, String blurhash,
      Integer width, Integer height) {}

  private final Pool pool;

  public MediaRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<MediaAttachment> insertUpload(NewUpload u) {
    return pool.preparedQuery("INSERT INTO media AS m (owner_id, kind, media_type, storage_key, preview_key, description, blurhash,"
            + " width, height, size_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING " + COLUMNS)
        .execute(Tuple.from(Arrays.asList(u.ownerId(), u.kind().name(), u.mediaType(), u.storageKey(), (u.previewKey()),
            (u.description()), (u.blurhash()), (u.width()), (u.height()), u.sizeBytes())))
        .map(rows -> toMedia(rows.iterator().next()));
  }

  /**
   * Gives a post the uploads {@code ids}, in that order, when every one is {@code ownerId}'s and
   * not attached yet; answers how many it took (fewer than asked: the caller rolls back).
   */
  public Future<Integer> attach(SqlClient tx, long postId, long ownerId, List<Long> ids) {
    return tx.preparedQuery("UPDATE media m SET post_id = $1, position = o.pos FROM unnest($2::bigint[]) WITH ORDINALITY"
            + " AS o(id, pos) WHERE m.id = o.id AND m.owner_id = $3 AND m.post_id IS NULL AND m.profile_of IS NULL")
        .execute(Tuple.of(postId, ids.toArray(Long[]::new), ownerId)).map(RowSet::rowCount);
  }

  /** A remote post's attachments, as its Note listed them. */
  public Future<Void> insertRemote(SqlClient tx, long postId, List<NewRemote> all) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < all.size(); i++) {
      NewRemote r = all.get(i);
      int position = i;
      chain = chain.compose(v -> tx.preparedQuery("INSERT INTO media (post_id, position, kind, media_type, remote_url,"
              + " description, blurhash, width, height) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
          .execute(Tuple.from(Arrays.asList(postId, position, r.kind().name(), r.mediaType(), r.remoteUrl(), (r.description()),
              (r.blurhash()), (r.width()), (r.height()))))
          .mapEmpty());
    }
    return chain;
  }

  /**
   * Takes a remote post's attachments off it (its Update lists others): the rows stay, unattached,
   * until the media sweep deletes them and any cached file.
   */
  public Future<Void> detachRemote(SqlClient tx, long postId) {
    return tx.preparedQuery("UPDATE media SET post_id = NULL WHERE post_id = $1 AND remote_url IS NOT NULL")
        .execute(Tuple.of(postId)).mapEmpty();
  }

  public Future<Optional<MediaAttachment>> findById(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM media m WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toMedia(rows.iterator().next())));
  }

  /** Whether a local file key belongs to a live attachment or a pending upload (what /media/ serves). */
  public Future<Boolean> servable(String key) {
    return pool.preparedQuery("SELECT 1 FROM media m LEFT JOIN post p ON p.id = m.post_id"
            + " WHERE (m.storage_key = $1 OR m.preview_key = $1) AND (m.post_id IS NULL OR p.deleted_at IS NULL)")
        .execute(Tuple.of(key)).map(rows -> rows.size() > 0);
  }

  public Future<List<MediaAttachment>> ofPost(long postId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM media m WHERE post_id = $1 ORDER BY position, id")
        .execute(Tuple.of(postId)).map(MediaRepository::all);
  }

  /** A remote attachment's file is now on the storage. */
  public Future<Void> cached(long id, String key, long size) {
    return pool.preparedQuery("UPDATE media SET storage_key = $2, size_bytes = $3 WHERE id = $1")
        .execute(Tuple.of(id, key, size)).mapEmpty();
  }

  /** Media whose files should go: on deleted posts, and uploads no post took since {@code before}. */
  public Future<List<MediaAttachment>> sweepable(Instant before, int limit) {
    return pool.preparedQuery("SELECT " + COLUMNS
            + " FROM media m LEFT JOIN post p ON p.id = m.post_id"
            + " WHERE (m.post_id IS NULL AND m.profile_of IS NULL AND m.created_at < $1) OR p.deleted_at IS NOT NULL"
            + " ORDER BY m.id LIMIT $2")
        .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit)).map(MediaRepository::all);
  }

  public Future<Void> delete(long id) {
    return pool.preparedQuery("DELETE FROM media WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  /**
   * An upload its owner may make their avatar or header: their own image that no post took
   * (one already in their profile counts too, so saving the same image again works).
   */
  public Future<Optional<MediaAttachment>> profileImage(long ownerId, long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM media m WHERE id = $1 AND owner_id = $2 AND kind = 'image'"
            + " AND post_id IS NULL AND (profile_of IS NULL OR profile_of = $2)")
        .execute(Tuple.of(id, ownerId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toMedia(rows.iterator().next())));
  }

  /**
   * In the caller's transaction: the actor's profile uses exactly the uploads stored under
   * {@code keys} (its avatar and header); the ones it used before go back to the sweep.
   */
  public Future<Void> useForProfile(SqlClient tx, long actorId, List<String> keys) {
    String[] inUse = keys.toArray(String[]::new);
    return tx.preparedQuery("UPDATE media SET profile_of = NULL WHERE profile_of = $1 AND NOT (storage_key = ANY($2::text[]))")
        .execute(Tuple.tuple().addLong(actorId).addArrayOfString(inUse))
        .compose(v -> tx.preparedQuery("UPDATE media SET profile_of = $1 WHERE owner_id = $1 AND post_id IS NULL"
            + " AND storage_key = ANY($2::text[])").execute(Tuple.tuple().addLong(actorId).addArrayOfString(inUse)))
        .mapEmpty();
  }

  /**
   * A remote actor's avatar and header as remote media rows (README "Profile and settings"), so
   * they are fetched and cached like remote attachments; rows for images it no longer has go
   * back to the sweep, cached file and all.
   */
  public Future<Void> syncRemoteProfileImages(SqlClient client, long actorId, List<String> urls) {
    String[] current = urls.toArray(String[]::new);
    return client.preparedQuery("UPDATE media SET profile_of = NULL WHERE profile_of = $1 AND owner_id IS NULL"
            + " AND NOT (remote_url = ANY($2::text[]))").execute(Tuple.tuple().addLong(actorId).addArrayOfString(current))
        .compose(v -> client.preparedQuery("INSERT INTO media (profile_of, kind, media_type, remote_url)"
            + " SELECT $1, 'image', 'image', u FROM unnest($2::text[]) AS u"
            + " WHERE NOT EXISTS (SELECT 1 FROM media WHERE profile_of = $1 AND owner_id IS NULL AND remote_url = u)")
            .execute(Tuple.tuple().addLong(actorId).addArrayOfString(current)))
        .mapEmpty();
  }

  /** The remote media row of a remote actor's avatar or header at {@code url}. */
  public Future<Optional<MediaAttachment>> remoteProfileImage(long actorId, String url) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM media m WHERE profile_of = $1 AND owner_id IS NULL AND remote_url = $2"
            + " ORDER BY id LIMIT 1").execute(Tuple.of(actorId, url))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toMedia(rows.iterator().next())));
  }

  private static List<MediaAttachment> all(RowSet<Row> rows) {
    List<MediaAttachment> out = new ArrayList<>();
    rows.forEach(r -> out.add(toMedia(r)));
    return out;
  }

  static List<MediaAttachment> fromJson(Object value) {
    if (!(value instanceof io.vertx.core.json.JsonArray array)) {
      return List.of();
    }
    List<MediaAttachment> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      io.vertx.core.json.JsonObject o = array.getJsonObject(i);
      out.add(new MediaAttachment(o.getLong("id"), Optional.ofNullable(o.getLong("owner_id")),
          Optional.ofNullable(o.getLong("post_id")), MediaAttachment.Kind.valueOf(o.getString("kind")), o.getString("media_type"),
          o.getString("storage_key"), o.getString("preview_key"), o.getString("description"), o.getString("blurhash"),
          o.getInteger("width"), o.getInteger("height"), o.getLong("size_bytes"), o.getString("remote_url")));
    }
    return List.copyOf(out);
  }

  static MediaAttachment toMedia(Row r) {
    return new MediaAttachment(r.getLong("id"), Optional.ofNullable(r.getLong("owner_id")), Optional.ofNullable(r.getLong("post_id")),
        MediaAttachment.Kind.valueOf(r.getString("kind")), r.getString("media_type"), r.getString("storage_key"),
        r.getString("preview_key"), r.getString("description"), r.getString("blurhash"), r.getInteger("width"),
        r.getInteger("height"), r.getLong("size_bytes"), r.getString("remote_url"));
  }
}
