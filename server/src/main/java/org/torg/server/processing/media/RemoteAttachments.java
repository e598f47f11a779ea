package org.torg.server.processing.media;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.torg.federation.vocab.Attachment;
import org.torg.federation.vocab.PostObject;
import org.torg.server.db.MediaRepository;
import org.torg.server.model.MediaAttachment;

/**
 * A remote Note's attachments, kept as metadata with its post (no file is fetched until a reader
 * views it through /media/remote/{id}): at most {@link #MAX} (INTEROP §7), alt text cut at
 * {@link MediaUploads#MAX_DESCRIPTION}, a blurhash only when it looks like one. Links
 * (Lemmy's page link) are not attachments here.
 */
public final class RemoteAttachments {

  public static final int MAX = 4;
  private static final int MAX_BLURHASH = 100;

  private final MediaRepository media;

  public RemoteAttachments(MediaRepository media) {
    this.media = media;
  }

  /** In the transaction that stores the remote post. */
  public Future<Void> store(SqlClient tx, long postId, PostObject note) {
    List<MediaRepository.NewRemote> all = of(note);
    return all.isEmpty() ? Future.succeededFuture() : media.insertRemote(tx, postId, all);
  }

  /** An Update from the author: the Note's attachments now, in place of those it had. */
  public Future<Void> replace(SqlClient tx, long postId, PostObject note) {
    return media.detachRemote(tx, postId).compose(v -> store(tx, postId, note));
  }

  static List<MediaRepository.NewRemote> of(PostObject note) {
    List<MediaRepository.NewRemote> out = new ArrayList<>();
    for (Attachment a : note.attachments()) {
      if (out.size() == MAX) {
        break;
      }
      if ("Link".equals(a.type()) || !a.url().startsWith("http")) {
        continue;
      }
      String mediaType = a.mediaType() == null ? "application/octet-stream" : a.mediaType().toLowerCase(Locale.ROOT);
      MediaAttachment.Kind kind = "Image".equals(a.type()) || mediaType.startsWith("image/")
          ? MediaAttachment.Kind.image : MediaAttachment.Kind.document;
      JsonObject raw = rawOf(note, a.url());
      String name = a.name() == null ? null : a.name().length() > MediaUploads.MAX_DESCRIPTION
          ? a.name().substring(0, MediaUploads.MAX_DESCRIPTION) : a.name();
      String blurhash = raw.getValue("blurhash") instanceof String b && b.length() <= MAX_BLURHASH
          && b.chars().allMatch(c -> c > 32 && c < 127) ? b : null;
      out.add(new MediaRepository.NewRemote(kind, mediaType, a.url(), name, blurhash, dimension(raw, "width"),
          dimension(raw, "height")));
    }
    return out;
  }

  /** The attachment object as sent, for what the federation module does not read (blurhash, size). */
  private static JsonObject rawOf(PostObject note, String url) {
    Object value = note.raw().getValue("attachment");
    JsonArray array = value instanceof JsonArray a ? a : value instanceof JsonObject o ? new JsonArray().add(o) : new JsonArray();
    for (Object element : array) {
      if (element instanceof JsonObject o && (url.equals(o.getValue("url")) || url.equals(o.getValue("href"))
          || (o.getValue("url") instanceof JsonObject link && url.equals(link.getValue("href"))))) {
        return o;
      }
    }
    return new JsonObject();
  }

  private static Integer dimension(JsonObject raw, String field) {
    return raw.getValue(field) instanceof Number n && n.longValue() > 0 && n.longValue() < 100_000 ? n.intValue() : null;
  }
}
