package org.torg.server.processing.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import org.torg.server.db.MediaRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.MediaAttachment;

/**
 * A local account's uploads (POST /api/v1/media) and their attachment to its posts. The type is
 * told by the bytes; an image needs alt text, is decoded under a pixel cap and re-encoded without
 * its metadata, and gets a thumbnail and a blurhash; a PDF must parse. Nothing is stored for a
 * refused upload.
 */
public final class MediaUploads {

  /** Mastodon's limit on a description; longer alt text is refused rather than cut. */
  public static final int MAX_DESCRIPTION = 1500;

  private final Vertx vertx;
  private final MediaRepository media;
  private final MediaStorage storage;
  private final ImageRecoder recoder;
  private final int maxAttachments;

  public MediaUploads(Vertx vertx, MediaRepository media, MediaStorage storage, ImageRecoder recoder, int maxAttachments) {
    this.vertx = vertx;
    this.media = media;
    this.storage = storage;
    this.recoder = recoder;
    this.maxAttachments = maxAttachments;
  }

  public int maxAttachments() {
    return maxAttachments;
  }

  /** What goes to the storage for one upload. */
  private record Prepared(MediaFormat format, byte[] full, MediaFormat previewFormat, byte[] preview, Integer width,
      Integer height, String blurhash) {}

  /** Stores the file the body handler wrote at {@code uploaded} (it deletes that file itself). */
  public Future<MediaAttachment> upload(long ownerActorId, Path uploaded, String rawDescription) {
    return upload(ownerActorId, uploaded, rawDescription, false);
  }

  /**
   * An avatar or header image (README "Profile and settings"): re-encoded without metadata like
   * any upload, but only an image, and alt text is not asked for (the profile's name says whose
   * picture it is, as on Mastodon).
   */
  public Future<MediaAttachment> uploadProfileImage(long ownerActorId, Path uploaded) {
    return upload(ownerActorId, uploaded, null, true);
  }

  private Future<MediaAttachment> upload(long ownerActorId, Path uploaded, String rawDescription, boolean profileImage) {
    String description = rawDescription == null ? "" : rawDescription.strip();
    if (description.length() > MAX_DESCRIPTION) {
      return Future.failedFuture(new HttpError(422, "invalid_description",
          "A description has at most " + MAX_DESCRIPTION + " characters."));
    }
    return vertx.executeBlocking(() -> prepare(uploaded, description, profileImage), false).compose(p -> {
      String[] keys = MediaKeys.fresh(p.format(), p.previewFormat());
      Future<Void> stored = storage.put(keys[0], p.full(), p.format().mediaType());
      if (p.preview() != null) {
        stored = stored.compose(v -> storage.put(keys[1], p.preview(), p.previewFormat().mediaType()));
      }
      return stored.compose(v -> media.insertUpload(new MediaRepository.NewUpload(ownerActorId, p.format().kind(),
          p.format().mediaType(), keys[0], keys[1], description.isEmpty() ? null : description, p.blurhash(), p.width(),
          p.height(), p.full().length)));
    });
  }

  private Prepared prepare(Path uploaded, String description, boolean profileImage) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(uploaded);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MediaFormat format = MediaFormat.detect(bytes).orElseThrow(() -> new HttpError(422, "unsupported_media_type",
        "Torg takes JPEG, PNG, GIF and WebP images and PDF documents (told by the file's content)."));
    if (profileImage && format == MediaFormat.PDF) {
      throw new HttpError(422, "image_required", "An avatar or header must be a JPEG, PNG, GIF or WebP image.");
    }
    if (format == MediaFormat.PDF) {
      PdfCheck.check(bytes);
      return new Prepared(format, bytes, null, null, null, null, null);
    }
    if (description.isEmpty() && !profileImage) {
      throw new HttpError(422, "alt_text_required", "An image needs a description (alt text) for people who cannot see it.");
    }
    ImageRecoder.Recoded r = recoder.recode(bytes, format);
    return new Prepared(r.fullFormat(), r.full(), r.thumbnailFormat(), r.thumbnail(), r.width(), r.height(), r.blurhash());
  }

  /**
   * Gives the post {@code postId} the uploads {@code ids} in the post's transaction: at most
   * media.max_attachments, each the author's own and not attached yet, or 422 (and the post is
   * not made).
   */
  public Future<Void> attach(SqlClient tx, long postId, long authorActorId, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Long> distinct = List.copyOf(new LinkedHashSet<>(ids));
    if (distinct.size() > maxAttachments) {
      return Future.failedFuture(new HttpError(422, "too_many_attachments",
          "A post carries at most " + maxAttachments + " attachments."));
    }
    return media.attach(tx, postId, authorActorId, distinct).compose(taken -> taken == distinct.size()
        ? Future.<Void>succeededFuture()
        : Future.failedFuture(new HttpError(422, "invalid_media_ids",
            "media_ids names uploads that are not yours, do not exist or are attached already.")));
  }
}
