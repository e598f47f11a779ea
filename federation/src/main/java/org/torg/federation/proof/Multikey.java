package org.torg.federation.proof;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An Ed25519 verification method published as FEP-521a says: a {@code Multikey} under the
 * actor's {@code assertionMethod}, beside the RSA {@code publicKey} Mastodon reads (Mastodon
 * ignores {@code assertionMethod}; Fedify, Mitra and others verify proofs with it).
 */
public record Multikey(String id, String controller, PublicKey publicKey) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("type", "Multikey")
        .put("controller", controller)
        .put("publicKeyMultibase", Ed25519Keys.publicKeyMultibase(publicKey));
  }

  /**
   * The Ed25519 Multikey {@code keyId} among an actor document's {@code assertionMethod}s,
   * controlled by that actor (the document's own {@code id}); empty when it is not there, names
   * another controller, or is not an Ed25519 key.
   */
  public static Optional<Multikey> find(JsonObject actor, String keyId) {
    String owner = actor.getValue("id") instanceof String id ? id : null;
    if (owner == null) {
      return Optional.empty();
    }
    for (JsonObject method : assertionMethods(actor)) {
      if (!keyId.equals(method.getValue("id")) || !isMultikey(method.getValue("type"))
          || !owner.equals(method.getValue("controller"))) {
        continue;
      }
      if (!(method.getValue("publicKeyMultibase") instanceof String multibase)) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Multikey(keyId, owner, Ed25519Keys.parsePublicKeyMultibase(multibase)));
      } catch (GeneralSecurityException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static List<JsonObject> assertionMethods(JsonObject actor) {
    Object value = actor.getValue("assertionMethod");
    List<JsonObject> out = new ArrayList<>();
    if (value instanceof JsonObject one) {
      out.add(one);
    } else if (value instanceof JsonArray many) {
      many.forEach(item -> {
        if (item instanceof JsonObject method) {
          out.add(method);
        }
      });
    }
    return out;
  }

  private static boolean isMultikey(Object type) {
    return "Multikey".equals(type) || (type instanceof JsonArray types && types.contains("Multikey"));
  }
}
