package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.accounts.TwoFactor;

/** The signed-in account's two-factor sign-in: set up, confirm, see, turn off (README, "Two-factor sign-in"). */
public final class TwoFactorRoutes {

  private final TwoFactor twoFactor;

  public TwoFactorRoutes(TwoFactor twoFactor) {
    this.twoFactor = twoFactor;
  }

  public void mount(Router router) {
    router.get("/api/v1/me/2fa").handler(this::status);
    router.post("/api/v1/me/2fa").handler(this::begin);
    router.post("/api/v1/me/2fa/confirm").handler(this::confirm);
    router.post("/api/v1/me/2fa/disable").handler(this::disable);
  }

  /** {enabled, required, recoveryCodesLeft}. */
  private void status(RoutingContext ctx) {
    Principal who = Permissions.signedIn(Authentication.principal(ctx));
    twoFactor.enabled(who.accountId()).compose(on -> twoFactor.recoveryCodesLeft(who.accountId())
            .map(left -> new JsonObject().put("enabled", on).put("required", twoFactor.requiredFor(who.account()))
                .put("recoveryCodesLeft", on ? left : 0)))
        .onSuccess(json -> ApiResponses.json(ctx, 200, json)).onFailure(ctx::fail);
  }

  /** A new secret for the authenticator app: 201 {secret, uri}; 409 when it is on already. */
  private void begin(RoutingContext ctx) {
    Principal who = Permissions.signedIn(Authentication.principal(ctx));
    twoFactor.begin(who)
        .onSuccess(setup -> ApiResponses.json(ctx, 201, new JsonObject().put("secret", setup.secret()).put("uri", setup.uri())))
        .onFailure(ctx::fail);
  }

  /** {code}: the app's current code turns it on; 200 {recoveryCodes}, shown this once. */
  private void confirm(RoutingContext ctx) {
    Principal who = Permissions.signedIn(Authentication.principal(ctx));
    String code = JsonBody.of(ctx).requiredString("code");
    twoFactor.confirm(who, code)
        .onSuccess(codes -> ApiResponses.json(ctx, 200, new JsonObject().put("recoveryCodes", new JsonArray(codes))))
        .onFailure(ctx::fail);
  }

  /** {code}: a current or recovery code turns it off; 204. */
  private void disable(RoutingContext ctx) {
    Principal who = Permissions.signedIn(Authentication.principal(ctx));
    String code = JsonBody.of(ctx).requiredString("code");
    twoFactor.disable(who, code).onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }
}
