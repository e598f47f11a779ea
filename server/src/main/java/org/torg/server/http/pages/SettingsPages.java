package org.torg.server.http.pages;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.torg.server.http.ClientAddress;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.ActorProfile;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.AccountLanguages;
import org.torg.server.processing.accounts.AccountProfiles;
import org.torg.server.processing.accounts.AccountProfiles.ProfileChange;
import org.torg.server.processing.accounts.AccountRules;
import org.torg.server.processing.accounts.OpaqueTokens;
import org.torg.server.processing.accounts.TwoFactor;
import org.torg.server.processing.media.MediaUploads;

/**
 * The signed-in account's settings (README "Profile and settings"): /settings for the profile,
 * /settings/security for the password and two-factor sign-in. Unlike the other pages, these are
 * plain HTML forms posted to the pages themselves, so they work without JavaScript; each post
 * carries the session's CSRF token in a hidden field, and one from another origin is refused.
 */
public final class SettingsPages {

  public static final String PROFILE_PATH = "/settings";
  /** Room for the multipart envelope and the text fields around two images of the largest size. */
  private static final int ENVELOPE_BYTES = 64 * 1024;

  private final Pages pages;
  private final AccountProfiles profiles;
  private final TwoFactor twoFactor;
  private final MediaUploads uploads;
  private final String origin;
  private final int maxUploadBytes;

  public SettingsPages(Pages pages, AccountProfiles profiles, TwoFactor twoFactor, MediaUploads uploads, URI publicUrl,
      int maxUploadBytes) {
    this.pages = pages;
    this.profiles = profiles;
    this.twoFactor = twoFactor;
    this.uploads = uploads;
    this.origin = publicUrl.getScheme() + "://" + publicUrl.getRawAuthority();
    this.maxUploadBytes = maxUploadBytes;
  }

  /**
   * The profile form's own body handler, mounted before the router-wide one (which takes no
   * files): the avatar and header go to {@code uploadsDir} and are deleted when the request ends.
   */
  public static void mountBodyHandler(Router router, Path uploadsDir, int maxUploadBytes) {
    // A post with no session at all is sent to sign in before any file is written to disk.
    router.post(PROFILE_PATH).handler(ctx -> {
      if (org.torg.server.http.SessionCookies.read(ctx, org.torg.server.http.SessionCookies.ACCESS).isEmpty()
          && org.torg.server.http.SessionCookies.read(ctx, org.torg.server.http.SessionCookies.REFRESH).isEmpty()) {
        ctx.response().setStatusCode(303).putHeader("Location", "/signin?next=" + PROFILE_PATH).end();
      } else {
        ctx.next();
      }
    });
    router.post(PROFILE_PATH).handler(BodyHandler.create(uploadsDir.toString())
        .setBodyLimit(2L * maxUploadBytes + ENVELOPE_BYTES)
        .setDeleteUploadedFilesOnEnd(true));
  }

  public void mount(Router router) {
    router.get(PROFILE_PATH).handler(ctx -> show(ctx, (page, me) -> profilePage(ctx, page, me, null, null, 200)));
    router.post(PROFILE_PATH).handler(ctx -> act(ctx, this::saveProfile));
    router.get("/settings/security").handler(ctx -> show(ctx, (page, me) -> securityPage(ctx, page, me, Map.of(), 200)));
    router.post("/settings/password").handler(ctx -> act(ctx, this::changePassword));
    router.post("/settings/2fa").handler(ctx -> act(ctx, this::beginTwoFactor));
    router.post("/settings/2fa/confirm").handler(ctx -> act(ctx, this::confirmTwoFactor));
    router.post("/settings/2fa/disable").handler(ctx -> act(ctx, this::disableTwoFactor));
  }

  /** What a form's post does, once it is known to come from the signed-in account's own page. */
  private interface Action {
    Future<Void> run(RoutingContext ctx, PageRequest page, Principal me);
  }

  private void show(RoutingContext ctx, BiFunction<PageRequest, Principal, Future<Void>> render) {
    pages.begin(ctx).compose(page -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return Future.succeededFuture();
      }
      return render.apply(page, page.viewer().get());
    }).onFailure(ctx::fail);
  }

  /** A form's post: signed in, from this site's own pages (Origin, CSRF field), then {@code action}. */
  private void act(RoutingContext ctx, Action action) {
    String sentOrigin = ctx.request().getHeader("Origin");
    if (sentOrigin != null && !sentOrigin.equals(origin)) {
      ctx.fail(new HttpError(403, "bad_origin", "This form may only be sent from " + origin + "."));
      return;
    }
    pages.begin(ctx).compose(page -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return Future.succeededFuture();
      }
      Principal me = page.viewer().get();
      if (!OpaqueTokens.same(ctx.request().getFormAttribute("csrf"), me.csrfToken())) {
        return Future.failedFuture(new HttpError(403, "csrf_failed", "The form's token does not match your session; reload the page."));
      }
      return action.run(ctx, page, me);
    }).onFailure(ctx::fail);
  }

  private Future<Void> profilePage(RoutingContext ctx, PageRequest page, Principal me, Account updated, HttpError error,
      int status) {
    Account account = updated != null ? updated : me.account();
    return profiles.profileOf(account).map(profile -> {
      Map<String, Object> model = pages.model(page);
      model.put("csrf", me.csrfToken());
      model.put("displayName", account.actor().displayName() == null ? "" : account.actor().displayName());
      model.put("bio", account.bio() == null ? "" : account.bio());
      model.put("avatarUrl", account.actor().iconUrl());
      model.put("headerUrl", profile.headerUrl());
      List<Map<String, Object>> fields = new ArrayList<>();
      for (int i = 0; i < profiles.fieldRules().maxFields(); i++) {
        var f = i < profile.fields().size() ? profile.fields().get(i) : null;
        fields.add(Map.of("index", i, "number", i + 1, "name", f == null ? "" : f.name(),
            "value", f == null ? "" : (f.source() != null ? f.source() : f.value())));
      }
      model.put("fields", fields);
      model.put("postLanguages", AccountLanguages.POST);
      model.put("uiLanguages", AccountLanguages.UI);
      model.put("defaultLanguage", account.defaultLanguage() == null ? "" : account.defaultLanguage());
      model.put("uiLanguage", account.uiLanguage() == null ? "" : account.uiLanguage());
      model.put("profileUrl", account.actor().url() != null ? account.actor().url() : account.actor().uri());
      model.put("saved", updated != null);
      model.put("error", error == null ? null : error.getMessage());
      pages.send(ctx, page, status, "settings", model);
      return null;
    });
  }

  private Future<Void> saveProfile(RoutingContext ctx, PageRequest page, Principal me) {
    MultiMap form = ctx.request().formAttributes();
    JsonArray fields = new JsonArray();
    for (int i = 0; i < profiles.fieldRules().maxFields(); i++) {
      fields.add(new JsonObject().put("name", orEmpty(form.get("fieldName" + i))).put("value", orEmpty(form.get("fieldValue" + i))));
    }
    try {
      // The text is checked before any image is stored, so a refused form leaves no upload behind.
      AccountRules.displayName(form.get("displayName"));
      AccountRules.bio(form.get("bio"));
      profiles.fieldRules().parse(fields);
      AccountLanguages.post(form.get("defaultLanguage"));
      AccountLanguages.ui(form.get("uiLanguage"));
    } catch (HttpError error) {
      return profilePage(ctx, page, me, null, error, error.status());
    }
    Future<Optional<String>> avatar = image(ctx, me, "avatar", form.get("removeAvatar") != null);
    Future<Optional<String>> header = image(ctx, me, "header", form.get("removeHeader") != null);
    return Future.all(avatar, header).compose(images -> profiles.update(me, new ProfileChange(
            Optional.of(orEmpty(form.get("displayName"))), Optional.of(orEmpty(form.get("bio"))), Optional.empty(),
            avatar.result(), header.result(), Optional.of(fields), Optional.of(orEmpty(form.get("defaultLanguage"))),
            Optional.of(orEmpty(form.get("uiLanguage"))))))
        .compose(updated -> {
          if (updated.uiLanguage() != null) {
            // The pages follow the new choice at once, this one included.
            ctx.response().addCookie(io.vertx.core.http.Cookie.cookie(Languages.COOKIE, updated.uiLanguage()).setPath("/")
                .setSameSite(io.vertx.core.http.CookieSameSite.LAX).setMaxAge(365L * 24 * 3600));
          }
          PageRequest shown = updated.uiLanguage() == null ? page
              : new PageRequest(java.util.Locale.forLanguageTag(updated.uiLanguage()), page.viewer(), page.path());
          return profilePage(ctx, shown, me, updated, null, 200);
        })
        .recover(e -> e instanceof HttpError error && error.status() < 500
            ? profilePage(ctx, page, me, null, error, error.status()) : Future.failedFuture(e));
  }

  /** The id of the image uploaded in the form's field {@code which}; "" to remove it; empty to leave it. */
  private Future<Optional<String>> image(RoutingContext ctx, Principal me, String which, boolean remove) {
    if (remove) {
      return Future.succeededFuture(Optional.of(""));
    }
    FileUpload file = ctx.fileUploads().stream().filter(f -> which.equals(f.name()) && f.size() > 0).findFirst().orElse(null);
    if (file == null) {
      return Future.succeededFuture(Optional.empty());
    }
    if (file.size() > maxUploadBytes) {
      return Future.failedFuture(new HttpError(413, "file_too_large", "A file has at most " + maxUploadBytes + " bytes."));
    }
    return uploads.uploadProfileImage(me.account().actor().id(), Path.of(file.uploadedFileName()))
        .map(m -> Optional.of(Long.toString(m.id())));
  }

  private Future<Void> securityPage(RoutingContext ctx, PageRequest page, Principal me, Map<String, Object> extra, int status) {
    return twoFactor.enabled(me.accountId()).map(on -> {
      Map<String, Object> model = pages.model(page);
      model.put("csrf", me.csrfToken());
      model.put("twoFactorOn", on);
      model.put("twoFactorRequired", twoFactor.requiredFor(me.account()));
      model.putAll(extra);
      pages.send(ctx, page, status, "settings-security", model);
      return null;
    });
  }

  private Future<Void> changePassword(RoutingContext ctx, PageRequest page, Principal me) {
    MultiMap form = ctx.request().formAttributes();
    String next = orEmpty(form.get("newPassword"));
    if (!next.equals(orEmpty(form.get("confirmPassword")))) {
      return securityPage(ctx, page, me, Map.of("passwordError", pages.messages().get(page.locale(), "settings.password_mismatch")),
          422);
    }
    return profiles.changePassword(me, orEmpty(form.get("currentPassword")), next, ClientAddress.of(ctx))
        .compose(v -> securityPage(ctx, page, me, Map.of("passwordChanged", true), 200))
        .recover(e -> e instanceof HttpError error && error.status() < 500
            ? securityPage(ctx, page, me, Map.of("passwordError", error.getMessage()), error.status()) : Future.failedFuture(e));
  }

  private Future<Void> beginTwoFactor(RoutingContext ctx, PageRequest page, Principal me) {
    return twoFactor.begin(me)
        .compose(setup -> securityPage(ctx, page, me, Map.of("setupSecret", setup.secret(), "setupUri", setup.uri()), 200))
        .recover(e -> e instanceof HttpError error && error.status() < 500
            ? securityPage(ctx, page, me, Map.of("twoFactorError", error.getMessage()), error.status()) : Future.failedFuture(e));
  }

  private Future<Void> confirmTwoFactor(RoutingContext ctx, PageRequest page, Principal me) {
    return twoFactor.confirm(me, orEmpty(ctx.request().getFormAttribute("code")).strip())
        .compose(codes -> securityPage(ctx, page, me, Map.of("recoveryCodes", codes), 200))
        .recover(e -> e instanceof HttpError error && error.status() < 500
            ? securityPage(ctx, page, me, Map.of("twoFactorError", error.getMessage()), error.status()) : Future.failedFuture(e));
  }

  private Future<Void> disableTwoFactor(RoutingContext ctx, PageRequest page, Principal me) {
    return twoFactor.disable(me, orEmpty(ctx.request().getFormAttribute("code")).strip())
        .compose(v -> securityPage(ctx, page, me, Map.of("twoFactorOff", true), 200))
        .recover(e -> e instanceof HttpError error && error.status() < 500
            ? securityPage(ctx, page, me, Map.of("twoFactorError", error.getMessage()), error.status()) : Future.failedFuture(e));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

}
