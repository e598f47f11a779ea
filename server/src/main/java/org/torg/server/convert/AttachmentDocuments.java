package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.torg.server.model.MediaAttachment;

/**
 * Media attachments as the API shows them (Mastodon's MediaAttachment shape) and as a Note
 * carries them (Mastodon's NoteSerializer: Image or Document with mediaType, url, name = alt
 * text, blurhash, width, height). Every URL is Torg's own: a remote attachment is shown through
 * Torg's cache (/media/remote/{id}), so readers' browsers never load a third-party server.
 */
public final class AttachmentDocuments {

  /** URLs as paths on this server: in post JSON, which has no public URL at hand and is read here. */
  public static final AttachmentDocuments PATHS = new AttachmentDocuments("");

  private final String base;

  public AttachmentDocuments(LocalUris uris) {
    this(uris.base());
  }

  private AttachmentDocuments(String base) {
    this.base = base;
  }

  /** Where a reader gets the file: the stored file, or the cache of a remote one. */
  public String url(MediaAttachment m) {
    return m.remote() ? base + "/media/remote/" + m.id() : base + "/media/" + m.storageKey();
  }

  /** The thumbnail; a document's or a remote attachment's preview is the file itself. */
  public String previewUrl(MediaAttachment m) {
    return m.remote() || m.previewKey() == null ? url(m) : base + "/media/" + m.previewKey();
  }

  /** {id, type: image|document, url, preview_url, remote_url, description, blurhash, meta{width, height}}. */
  public JsonObject api(MediaAttachment m) {
    JsonObject meta = new JsonObject();
    if (m.width() != null && m.height() != null) {
      meta.put("width", m.width()).put("height", m.height());
    }
    return new JsonObject()
        .put("id", Long.toString(m.id()))
        .put("type", m.kind().name())
        .put("media_type", m.mediaType())
        .put("url", url(m))
        .put("preview_url", m.kind() == MediaAttachment.Kind.image ? previewUrl(m) : null)
        .put("remote_url", m.remoteUrl())
        .put("description", m.description())
        .put("blurhash", m.blurhash())
        .put("meta", meta);
  }

  public JsonArray api(List<MediaAttachment> all) {
    JsonArray out = new JsonArray();
    all.forEach(m -> out.add(api(m)));
    return out;
  }

  /** A local post's attachments for its Note ({@code attachment}); remote ones are never sent on. */
  public JsonArray activityPub(List<MediaAttachment> all) {
    JsonArray out = new JsonArray();
    for (MediaAttachment m : all) {
      if (m.remote()) {
        continue;
      }
      JsonObject a = new JsonObject()
          .put("type", m.kind() == MediaAttachment.Kind.image ? "Image" : "Document")
          .put("mediaType", m.mediaType())
          .put("url", url(m))
          .put("name", m.description());
      if (m.blurhash() != null) {
        a.put("blurhash", m.blurhash());
      }
      if (m.width() != null && m.height() != null) {
        a.put("width", m.width()).put("height", m.height());
      }
      out.add(a);
    }
    return out;
  }
}
