package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import org.torg.server.convert.AttachmentDocuments;
import org.torg.server.db.MediaRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.media.MediaFormat;
import org.torg.server.processing.media.MediaKeys;
import org.torg.server.processing.media.MediaStorage;
import org.torg.server.processing.media.MediaUploads;
import org.torg.server.processing.media.RemoteMedia;

/**
 * Uploads (POST /api/v1/media, multipart: {@code file}, {@code description}) and the files
 * themselves: /media/{key} from the media storage, /media/remote/{id} through Torg's cache of
 * remote attachments. Files are served so that a browser never runs them: nosniff, a sandboxing
 * CSP, and PDFs as downloads.
 */
public final class MediaRoutes {

  public static final String UPLOAD_PATH = "/api/v1/media";
  /** Room for the multipart envelope and the description around a file of the largest size. */
  private static final int ENVELOPE_BYTES = 16 * 1024;

  private final MediaUploads uploads;
  private final MediaRepository media;
  private final MediaStorage storage;
  private final RemoteMedia remote;
  private final AttachmentDocuments documents;
  private final int maxUploadBytes;

  public MediaRoutes(MediaUploads uploads, MediaRepository media, MediaStorage storage, RemoteMedia remote,
      AttachmentDocuments documents, int maxUploadBytes) {
    this.uploads = uploads;
    this.media = media;
    this.storage = storage;
    this.remote = remote;
    this.documents = documents;
    this.maxUploadBytes = maxUploadBytes;
  }

  /**
   * The upload route's own body handler, mounted before the router-wide one (which takes no
   * files and 1 MB at most): files go to {@code uploadsDir}, never held in memory whole, and are
   * deleted when the request ends.
   */
  public static void mountBodyHandler(Router router, Path uploadsDir, int maxUploadBytes) {
    // A request with no credentials at all is refused before its file is written to disk.
    router.post(UPLOAD_PATH).handler(ctx -> {
      if (ctx.request().getHeader("Authorization") == null && SessionCookies.read(ctx, SessionCookies.ACCESS).isEmpty()
          && SessionCookies.read(ctx, SessionCookies.REFRESH).isEmpty()) {
        ctx.fail(new HttpError(401, "unauthorized", "Sign in first."));
      } else {
        ctx.next();
      }
    });
    router.post(UPLOAD_PATH).handler(BodyHandler.create(uploadsDir.toString())
        .setBodyLimit((long) maxUploadBytes + ENVELOPE_BYTES)
        .setDeleteUploadedFilesOnEnd(true));
  }

  public void mount(Router router) {
    router.post(UPLOAD_PATH).handler(this::upload);
    router.get("/media/remote/:id").handler(this::remote);
    router.get("/media/:key").handler(this::file);
    router.head("/media/:key").handler(this::file);
  }

  private void upload(RoutingContext ctx) {
    Principal owner = Permissions.signedIn(Authentication.principal(ctx));
    FileUpload file = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst()
        .orElseThrow(() -> new HttpError(422, "file_required", "Send the file as the multipart field \"file\"."));
    if (file.size() > maxUploadBytes) {
      throw new HttpError(413, "file_too_large", "A file has at most " + maxUploadBytes + " bytes.");
    }
    String description = ctx.request().getFormAttribute("description");
    uploads.upload(owner.account().actor().id(), Path.of(file.uploadedFileName()), description)
        .onSuccess(m -> ApiResponses.json(ctx, 200, documents.api(m)))
        .onFailure(ctx::fail);
  }

  private void file(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    if (!MediaKeys.valid(key)) {
      ctx.fail(new HttpError(404, "not_found", "No such file."));
      return;
    }
    media.servable(key).compose(ok -> ok ? storage.get(key) : Future.succeededFuture(java.util.Optional.<Buffer>empty()))
        .onSuccess(bytes -> {
          if (bytes.isEmpty()) {
            ctx.fail(new HttpError(404, "not_found", "No such file."));
          } else {
            send(ctx.response(), bytes.get(), MediaKeys.format(key), "public, max-age=31536000, immutable");
          }
        })
        .onFailure(ctx::fail);
  }

  private void remote(RoutingContext ctx) {
    long id = PathIds.of(ctx, "id");
    remote.serve(id).onSuccess(served -> send(ctx.response(), served.bytes(), served.format(), "public, max-age=86400"))
        .onFailure(ctx::fail);
  }

  private static void send(HttpServerResponse response, Buffer bytes, MediaFormat format, String cacheControl) {
    response.putHeader("Content-Type", format.mediaType())
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
        .putHeader("Cache-Control", cacheControl);
    if (format == MediaFormat.PDF) {
      response.putHeader("Content-Disposition", "attachment; filename=\"document.pdf\"");
    }
    response.setStatusCode(200).end(bytes);
  }
}
