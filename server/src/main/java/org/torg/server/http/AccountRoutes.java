package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.convert.ProfileDocuments;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.AccountDeletion;
import org.torg.server.processing.accounts.AccountProfiles;
import org.torg.server.processing.accounts.AccountProfiles.ProfileChange;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.accounts.Registrations;
import org.torg.server.processing.mail.EmailVerification;

/** Registration and the signed-in account's own routes: profile, password, closing the account. */
public final class AccountRoutes {

  private final Registrations registrations;
  private final AccountProfiles profiles;
  private final AccountDeletion deletion;
  private final EmailVerification verification;

  public AccountRoutes(Registrations registrations, AccountProfiles profiles, AccountDeletion deletion,
      EmailVerification verification) {
    this.verification = verification;
    this.registrations = registrations;
    this.profiles = profiles;
    this.deletion = deletion;
  }

  public void mount(Router router) {
    router.post("/api/v1/accounts").handler(this::register);
    router.get("/api/v1/me").handler(this::me);
    router.patch("/api/v1/me").handler(this::updateProfile);
    router.delete("/api/v1/me").handler(this::delete);
    router.post("/api/v1/me/password").handler(this::changePassword);
  }

  private void register(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    registrations.register(body.requiredString("username"), body.requiredString("email"), body.requiredString("password"),
            body.string("reason").orElse(null), ClientAddress.of(ctx))
        // The verification email is queued before the answer (README "Email"); with mail off nothing is.
        .compose(registered -> verification.signedUp(registered.account(), org.torg.server.http.pages.Languages.choose(ctx))
            .map(registered))
        .onSuccess(registered -> ApiResponses.json(ctx, registered.pending() ? 202 : 201,
            ApiDocuments.account(registered.account()).put("state", registered.account().state().wire())))
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Principal principal = Permissions.signedIn(Authentication.principal(ctx));
    // twoFactorRequired: staff who must turn two-factor sign-in on before they act as staff.
    // emailVerified: whether the address was proven (README "Email"); mailEnabled: whether this instance sends mail.
    Future.all(profiles.profileOf(principal.account()), verification.verified(principal.accountId()))
        .onSuccess(both -> ApiResponses.json(ctx, 200, ProfileDocuments.ownAccount(principal.account(), both.resultAt(0))
            .put("twoFactorRequired", principal.secondFactorMissing())
            .put("emailVerified", both.<Boolean>resultAt(1)).put("mailEnabled", verification.mailEnabled())))
        .onFailure(ctx::fail);
  }

  private void updateProfile(RoutingContext ctx) {
    Principal principal = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    var change = new ProfileChange(body.string("displayName"), body.string("bio"), body.string("avatarUrl"),
        body.string("avatar"), body.string("header"), java.util.Optional.ofNullable(body.raw("fields")),
        body.string("defaultLanguage"), body.string("uiLanguage"));
    profiles.update(principal, change).compose(account -> profiles.profileOf(account)
            .map(profile -> ProfileDocuments.ownAccount(account, profile)))
        .onSuccess(doc -> ApiResponses.json(ctx, 200, doc))
        .onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    Principal principal = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    profiles.changePassword(principal, body.requiredString("currentPassword"), body.requiredString("newPassword"),
            ClientAddress.of(ctx))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    Principal principal = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    deletion.delete(principal, body.requiredString("password"), ClientAddress.of(ctx))
        .onSuccess(v -> ApiResponses.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
