package org.torg.server.http;

import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.Optional;
import org.torg.server.convert.ProfileDocuments;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.AccountProfiles;
import org.torg.server.processing.accounts.AccountProfiles.ProfileChange;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.media.MediaUploads;

/**
 * An avatar or header uploaded straight into the profile (README "Profile and settings"):
 * POST /api/v1/me/avatar and /api/v1/me/header, multipart {@code file}. The image goes through the
 * media pipeline (type by its bytes, re-encoded without metadata, size and pixel limits) and the
 * actor's Update goes out; no alt text is asked for. The answer is the account, as PATCH /api/v1/me.
 */
public final class ProfileImageRoutes {

  private static final String[] PATHS = {"/api/v1/me/avatar", "/api/v1/me/header"};
  private static final int ENVELOPE_BYTES = 16 * 1024;

  private final MediaUploads uploads;
  private final AccountProfiles profiles;
  private final int maxUploadBytes;

  public ProfileImageRoutes(MediaUploads uploads, AccountProfiles profiles, int maxUploadBytes) {
    this.uploads = uploads;
    this.profiles = profiles;
    this.maxUploadBytes = maxUploadBytes;
  }

  /** As {@link MediaRoutes#mountBodyHandler}: files to disk, anonymous requests refused before any is written. */
  public static void mountBodyHandler(Router router, Path uploadsDir, int maxUploadBytes) {
    for (String path : PATHS) {
      router.post(path).handler(ctx -> {
        if (ctx.request().getHeader("Authorization") == null && SessionCookies.read(ctx, SessionCookies.ACCESS).isEmpty()
            && SessionCookies.read(ctx, SessionCookies.REFRESH).isEmpty()) {
          ctx.fail(new HttpError(401, "unauthorized", "Sign in first."));
        } else {
          ctx.next();
        }
      });
      router.post(path).handler(BodyHandler.create(uploadsDir.toString())
          .setBodyLimit((long) maxUploadBytes + ENVELOPE_BYTES).setDeleteUploadedFilesOnEnd(true));
    }
  }

  public void mount(Router router) {
    router.post(PATHS[0]).handler(ctx -> upload(ctx, true));
    router.post(PATHS[1]).handler(ctx -> upload(ctx, false));
  }

  private void upload(RoutingContext ctx, boolean avatar) {
    Principal me = Permissions.signedIn(Authentication.principal(ctx));
    FileUpload file = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst()
        .orElseThrow(() -> new HttpError(422, "file_required", "Send the image as the multipart field \"file\"."));
    if (file.size() > maxUploadBytes) {
      throw new HttpError(413, "file_too_large", "A file has at most " + maxUploadBytes + " bytes.");
    }
    uploads.uploadProfileImage(me.account().actor().id(), Path.of(file.uploadedFileName()))
        .compose(m -> {
          Optional<String> id = Optional.of(Long.toString(m.id()));
          return profiles.update(me, new ProfileChange(Optional.empty(), Optional.empty(), Optional.empty(),
              avatar ? id : Optional.empty(), avatar ? Optional.empty() : id, Optional.empty(), Optional.empty(), Optional.empty()));
        })
        .compose(account -> profiles.profileOf(account).map(profile -> ProfileDocuments.ownAccount(account, profile)))
        .onSuccess(doc -> ApiResponses.json(ctx, 200, doc))
        .onFailure(ctx::fail);
  }
}
