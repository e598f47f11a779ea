package org.torg.server.http.pages;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.torg.server.db.EmailTokenRepository.Outcome;
import org.torg.server.http.ClientAddress;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.OpaqueTokens;
import org.torg.server.processing.mail.EmailVerification;
import org.torg.server.processing.mail.NotificationEmails;
import org.torg.server.processing.mail.NotificationEmails.Choice;
import org.torg.server.processing.mail.PasswordResets;

/**
 * The pages of email (README "Email"): asking for a password reset and setting the new password
 * through the emailed link, the verification link, one-click unsubscribe and /settings/email.
 * They are plain HTML forms, so they work without JavaScript; a form POST from another origin is
 * refused, and a signed-in one must carry the session's CSRF token.
 */
public final class MailPages {

  private final Pages pages;
  private final PasswordResets resets;
  private final EmailVerification verification;
  private final NotificationEmails notifications;
  private final String origin;

  public MailPages(Pages pages, PasswordResets resets, EmailVerification verification, NotificationEmails notifications) {
    this.pages = pages;
    this.resets = resets;
    this.verification = verification;
    this.notifications = notifications;
    String url = pages.config().publicUrl().toString();
    this.origin = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public void mount(Router router) {
    // These pages carry single-use tokens (in the URL, in a form) or the session's CSRF token: no cache keeps them.
    for (String path : new String[] {"/password-reset", PasswordResets.PATH, EmailVerification.PATH,
        NotificationEmails.UNSUBSCRIBE_PATH, "/settings/email", "/settings/email/verification"}) {
      router.route(path).handler(ctx -> {
        ctx.addHeadersEndHandler(v -> ctx.response().putHeader("Cache-Control", "no-store"));
        ctx.next();
      });
    }
    router.get("/password-reset").handler(this::resetForm);
    router.post("/password-reset").handler(this::askReset);
    router.get(PasswordResets.PATH).handler(this::newPasswordForm);
    router.post(PasswordResets.PATH).handler(this::setNewPassword);
    router.get(EmailVerification.PATH).handler(this::verify);
    router.get(NotificationEmails.UNSUBSCRIBE_PATH).handler(this::unsubscribeForm);
    // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" here, with no session and no Origin.
    router.post(NotificationEmails.UNSUBSCRIBE_PATH).handler(this::unsubscribe);
    router.get("/settings/email").handler(this::settings);
    router.post("/settings/email").handler(this::saveSettings);
    router.post("/settings/email/verification").handler(this::resendVerification);
  }

  private void resetForm(RoutingContext ctx) {
    pages.begin(ctx).onSuccess(page -> {
      Map<String, Object> model = pages.model(page);
      model.put("mailEnabled", resets.mailEnabled());
      model.put("sent", false);
      pages.send(ctx, page, 200, "password-reset", model);
    }).onFailure(ctx::fail);
  }

  private void askReset(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      return;
    }
    pages.begin(ctx).compose(page -> resets.request(ctx.request().getFormAttribute("login"), ClientAddress.of(ctx), page.locale())
        .map(v -> {
          Map<String, Object> model = pages.model(page);
          model.put("mailEnabled", true);
          model.put("sent", true);
          pages.send(ctx, page, 200, "password-reset", model);
          return null;
        })).onFailure(ctx::fail);
  }

  private void newPasswordForm(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    pages.begin(ctx).compose(page -> resets.check(token).map(outcome -> {
      if (outcome != Outcome.VALID) {
        refused(ctx, page, outcome);
      } else {
        passwordForm(ctx, page, token, false, 200);
      }
      return null;
    })).onFailure(ctx::fail);
  }

  private void setNewPassword(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      return;
    }
    String token = ctx.request().getFormAttribute("token");
    String password = ctx.request().getFormAttribute("password");
    pages.begin(ctx).compose(page -> resets.complete(token, password, ClientAddress.of(ctx))
        .map(v -> {
          Map<String, Object> model = pages.model(page);
          model.put("titleKey", "reset.done_title");
          model.put("textKey", "reset.done");
          model.put("linkHref", "/signin");
          model.put("linkKey", "nav.sign_in");
          pages.send(ctx, page, 200, "message", model);
          return (Void) null;
        })
        .recover(e -> {
          if (e instanceof HttpError error && error.status() == 422) {
            passwordForm(ctx, page, token, true, 422);
          } else if (e instanceof HttpError error && (error.status() == 410 || error.status() == 404)) {
            refused(ctx, page, error.code().endsWith("used") ? Outcome.ALREADY_USED
                : error.code().endsWith("expired") ? Outcome.EXPIRED : Outcome.UNKNOWN);
          } else {
            return Future.failedFuture(e);
          }
          return Future.succeededFuture();
        })).onFailure(ctx::fail);
  }

  private void passwordForm(RoutingContext ctx, PageRequest page, String token, boolean invalid, int status) {
    Map<String, Object> model = pages.model(page);
    model.put("token", token);
    model.put("invalid", invalid);
    pages.send(ctx, page, status, "password-reset-new", model);
  }

  private void refused(RoutingContext ctx, PageRequest page, Outcome outcome) {
    String key = outcome == Outcome.ALREADY_USED ? "reset.used" : outcome == Outcome.EXPIRED ? "reset.expired" : "reset.unknown";
    Map<String, Object> model = pages.model(page);
    model.put("titleKey", key + "_title");
    model.put("textKey", key);
    model.put("linkHref", "/password-reset");
    model.put("linkKey", "reset.ask_again");
    pages.send(ctx, page, outcome == Outcome.UNKNOWN ? 404 : 410, "message", model);
  }

  private void verify(RoutingContext ctx) {
    pages.begin(ctx).compose(page -> verification.verify(ctx.request().getParam("token"), ClientAddress.of(ctx)).map(outcome -> {
      String key = switch (outcome) {
        case USED_NOW -> "verify.done";
        case ALREADY_USED -> "verify.used";
        case EXPIRED -> "verify.expired";
        default -> "verify.unknown";
      };
      int status = outcome == Outcome.USED_NOW ? 200 : outcome == Outcome.UNKNOWN ? 404 : 410;
      pages.message(ctx, page, status, key + "_title", key);
      return null;
    })).onFailure(ctx::fail);
  }

  private void unsubscribeForm(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    pages.begin(ctx).onSuccess(page -> {
      if (!OpaqueTokens.plausible(token)) {
        pages.message(ctx, page, 404, "unsubscribe.unknown_title", "unsubscribe.unknown");
        return;
      }
      Map<String, Object> model = pages.model(page);
      model.put("token", token);
      pages.send(ctx, page, 200, "unsubscribe", model);
    }).onFailure(ctx::fail);
  }

  private void unsubscribe(RoutingContext ctx) {
    pages.begin(ctx).compose(page -> notifications.unsubscribe(ctx.request().getParam("token")).map(done -> {
      if (done) {
        pages.message(ctx, page, 200, "unsubscribe.done_title", "unsubscribe.done");
      } else {
        pages.message(ctx, page, 404, "unsubscribe.unknown_title", "unsubscribe.unknown");
      }
      return null;
    })).onFailure(ctx::fail);
  }

  private void settings(RoutingContext ctx) {
    pages.begin(ctx).compose(page -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return Future.succeededFuture();
      }
      return showSettings(ctx, page, 200, "1".equals(ctx.request().getParam("saved")), "1".equals(ctx.request().getParam("sent")));
    }).onFailure(ctx::fail);
  }

  private Future<Void> showSettings(RoutingContext ctx, PageRequest page, int status, boolean saved, boolean resent) {
    Principal me = page.viewer().orElseThrow();
    return notifications.settings(me).map(s -> {
      Map<String, Object> model = pages.model(page);
      model.put("mailEnabled", notifications.mailEnabled());
      model.put("email", s.email().orElse(""));
      model.put("verified", s.verified());
      model.put("replies", s.onReply());
      model.put("mentions", s.onMention());
      model.put("citations", s.onCitation());
      model.put("csrf", me.csrfToken());
      model.put("saved", saved);
      model.put("resent", resent);
      pages.send(ctx, page, status, "email-settings", model);
      return null;
    });
  }

  private void saveSettings(RoutingContext ctx) {
    signedInForm(ctx).compose(page -> {
      var choice = new Choice(checked(ctx, "replies"), checked(ctx, "mentions"), checked(ctx, "citations"));
      return notifications.choose(page.viewer().get(), choice, page.locale().getLanguage()).map(s -> page);
    }).onSuccess(page -> seeOther(ctx, "/settings/email?saved=1")).onFailure(ctx::fail);
  }

  private void resendVerification(RoutingContext ctx) {
    signedInForm(ctx).compose(page -> verification.resend(page.viewer().get(), page.locale()).map(v -> page))
        .onSuccess(page -> seeOther(ctx, "/settings/email?sent=1")).onFailure(ctx::fail);
  }

  /** A signed-in form POST: same origin, a session, and the session's CSRF token in the form. */
  private Future<PageRequest> signedInForm(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      return Future.failedFuture(new HttpError(403, "cross_origin", "This form must be sent from this site."));
    }
    return pages.begin(ctx).compose(page -> {
      if (page.viewer().isEmpty()) {
        return Future.failedFuture(new HttpError(401, "not_signed_in", "Sign in first."));
      }
      if (!OpaqueTokens.same(ctx.request().getFormAttribute("csrf"), page.viewer().get().csrfToken())) {
        return Future.failedFuture(new HttpError(403, "csrf_failed", "The form is out of date; open the page again."));
      }
      return Future.succeededFuture(page);
    });
  }

  private static boolean checked(RoutingContext ctx, String name) {
    return "on".equals(ctx.request().getFormAttribute(name));
  }

  private static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }

  /**
   * A browser names the page a form was sent from in Origin: one from another site is refused
   * (403) and answered here. No Origin (an old browser, a script) is let through: the forms need
   * a token only this site's pages give out, or change nothing another site could abuse.
   */
  private boolean sameOrigin(RoutingContext ctx) {
    String from = ctx.request().getHeader("Origin");
    if (from == null || from.equals(origin)) {
      return true;
    }
    ctx.fail(new HttpError(403, "cross_origin", "This form must be sent from this site."));
    return false;
  }
}
