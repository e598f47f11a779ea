package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.torg.server.model.LocalKeyPair;

/**
 * The instance actor (FEP-2677): an Application that signs the GETs Torg makes on its own
 * behalf. Its document must be fetchable without a signature (INTEROP §2).
 */
public final class InstanceActorDocument {

  public static final String PATH = "/actor";

  private InstanceActorDocument() {}

  public static String id(String publicUrl) {
    return publicUrl + PATH;
  }

  public static JsonObject of(String publicUrl, String host, LocalKeyPair key) {
    String id = id(publicUrl);
    return new JsonObject()
        .put("@context", new JsonArray()
            .add("https://www.w3.org/ns/activitystreams")
            .add("https://w3id.org/security/v1")
            .add(new JsonObject().put("manuallyApprovesFollowers", "as:manuallyApprovesFollowers")))
        .put("id", id)
        .put("type", "Application")
        .put("preferredUsername", host)
        .put("name", host)
        .put("inbox", id + "/inbox")
        .put("outbox", id + "/outbox")
        .put("endpoints", new JsonObject().put("sharedInbox", publicUrl + "/inbox"))
        .put("url", publicUrl + "/about")
        .put("manuallyApprovesFollowers", true)
        .put("publicKey", new JsonObject()
            .put("id", id + "#main-key")
            .put("owner", id)
            .put("publicKeyPem", key.publicKeyPem()));
  }
}
