package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.torg.server.model.Account;
import org.torg.server.model.ActorProfile;
import org.torg.server.model.ProfileField;

/** The profile's part of the owner's account document (GET and PATCH /api/v1/me). */
public final class ProfileDocuments {

  private ProfileDocuments() {}

  /** {@link ApiDocuments#ownAccount} with headerUrl, fields [{name, value (source text), html}] and the languages. */
  public static JsonObject ownAccount(Account account, ActorProfile profile) {
    JsonArray fields = new JsonArray();
    for (ProfileField f : profile.fields()) {
      fields.add(new JsonObject().put("name", f.name()).put("value", f.source() != null ? f.source() : f.value())
          .put("html", f.value()));
    }
    return ApiDocuments.ownAccount(account)
        .put("headerUrl", profile.headerUrl())
        .put("fields", fields)
        .put("defaultLanguage", account.defaultLanguage())
        .put("uiLanguage", account.uiLanguage());
  }
}
