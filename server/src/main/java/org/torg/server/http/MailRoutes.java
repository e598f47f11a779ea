package org.torg.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.db.EmailAccountRepository.EmailSettings;
import org.torg.server.db.EmailTokenRepository.Outcome;
import org.torg.server.error.HttpError;
import org.torg.server.http.pages.Languages;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.mail.EmailVerification;
import org.torg.server.processing.mail.NotificationEmails;
import org.torg.server.processing.mail.NotificationEmails.Choice;
import org.torg.server.processing.mail.PasswordResets;

/**
 * The email API (README "Email"): password reset, address verification and the notification
 * email choices. With mail off each answers 409 mail_disabled.
 */
public final class MailRoutes {

  /** The one answer to a reset request, whether or not the account exists. */
  static final JsonObject RESET_ASKED = new JsonObject().put("status", "accepted")
      .put("message", "If an account has that username or address, a reset link is on its way to the account's address.");

  private final PasswordResets resets;
  private final EmailVerification verification;
  private final NotificationEmails notifications;

  public MailRoutes(PasswordResets resets, EmailVerification verification, NotificationEmails notifications) {
    this.resets = resets;
    this.verification = verification;
    this.notifications = notifications;
  }

  public void mount(Router router) {
    router.post("/api/v1/password-reset").handler(this::askReset);
    router.post("/api/v1/password-reset/confirm").handler(this::confirmReset);
    router.post("/api/v1/me/email/verification").handler(this::resendVerification);
    router.post("/api/v1/email/verify").handler(this::verify);
    router.get("/api/v1/me/email-notifications").handler(this::choices);
    router.put("/api/v1/me/email-notifications").handler(this::choose);
  }

  private void askReset(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String login = body.string("email").or(() -> body.string("username")).orElse(null);
    resets.request(login, ClientAddress.of(ctx), Languages.choose(ctx))
        .onSuccess(v -> ApiResponses.json(ctx, 202, RESET_ASKED.copy()))
        .onFailure(ctx::fail);
  }

  private void confirmReset(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    resets.complete(body.requiredString("token"), body.requiredString("password"), ClientAddress.of(ctx))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void resendVerification(RoutingContext ctx) {
    var principal = Permissions.signedIn(Authentication.principal(ctx));
    verification.resend(principal, Languages.choose(ctx))
        .onSuccess(v -> ApiResponses.json(ctx, 202, new JsonObject().put("status", "sent")))
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    String token = JsonBody.of(ctx).requiredString("token");
    verification.verify(token, ClientAddress.of(ctx)).onSuccess(outcome -> {
      if (outcome == Outcome.USED_NOW) {
        ApiResponses.json(ctx, 200, new JsonObject().put("emailVerified", true));
      } else {
        ctx.fail(verifyRefusal(outcome));
      }
    }).onFailure(ctx::fail);
  }

  /** Why a verification link did not work. */
  public static HttpError verifyRefusal(Outcome outcome) {
    return switch (outcome) {
      case ALREADY_USED -> new HttpError(410, "verification_link_used", "This verification link was used already.");
      case EXPIRED -> new HttpError(410, "verification_link_expired",
          "This verification link has expired, or the address changed since it was sent. Ask for a new one.");
      default -> new HttpError(404, "verification_link_unknown", "This is not a verification link.");
    };
  }

  private void choices(RoutingContext ctx) {
    var principal = Permissions.signedIn(Authentication.principal(ctx));
    notifications.settings(principal).onSuccess(s -> ApiResponses.json(ctx, 200, document(s, notifications.mailEnabled())))
        .onFailure(ctx::fail);
  }

  private void choose(RoutingContext ctx) {
    var principal = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    var choice = new Choice(body.flag("replies"), body.flag("mentions"), body.flag("citations"));
    notifications.choose(principal, choice, Languages.choose(ctx).getLanguage())
        .onSuccess(s -> ApiResponses.json(ctx, 200, document(s, true)))
        .onFailure(ctx::fail);
  }

  static JsonObject document(EmailSettings s, boolean mailEnabled) {
    return new JsonObject().put("mailEnabled", mailEnabled).put("emailVerified", s.verified()).put("replies", s.onReply())
        .put("mentions", s.onMention()).put("citations", s.onCitation());
  }
}
