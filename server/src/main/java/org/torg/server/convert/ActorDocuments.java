package org.torg.server.convert;

import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import io.vertx.core.json.JsonArray;
import java.security.PublicKey;
import org.torg.federation.proof.Multikey;
import org.torg.federation.vocab.ActivityStreams;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorProfile;
import org.torg.server.model.ProfileField;
import org.torg.server.model.ActorType;

/** Local actors as ActivityPub documents, shaped as INTEROP §2 says Mastodon and Fedify expect. */
public final class ActorDocuments {

  private ActorDocuments() {}

  /**
   * @param publicKeyPem the RSA key, as {@code publicKey} (what Mastodon reads)
   * @param assertionKey the Ed25519 key, as a Multikey under {@code assertionMethod} (FEP-521a)
   */
  public static JsonObject actor(Actor actor, String publicKeyPem, PublicKey assertionKey, LocalUris uris) {
    JsonObject doc = new JsonObject()
        .put("@context", ActivityStreams.actorContext())
        .put("id", actor.uri())
        .put("type", actor.type().name())
        .put("preferredUsername", actor.username())
        .put("name", actor.displayName() != null ? actor.displayName() : actor.username())
        .put("summary", actor.summary() != null ? actor.summary() : "")
        .put("url", actor.url())
        .put("inbox", actor.inbox())
        .put("outbox", actor.outbox())
        .put("followers", actor.followersUrl())
        .put("following", actor.followingUrl())
        .put("endpoints", new JsonObject().put("sharedInbox", actor.sharedInbox()))
        .put("published", DateTimeFormatter.ISO_INSTANT.format(actor.published().truncatedTo(ChronoUnit.SECONDS)))
        .put("manuallyApprovesFollowers", actor.manuallyApprovesFollowers())
        .put("discoverable", actor.type() != ActorType.Application)
        // Group threads are public discussion meant to be found; people opt in later (accounts issue).
        .put("indexable", actor.type() == ActorType.Group)
        .put("publicKey", new JsonObject()
            .put("id", uris.mainKey(actor.uri()))
            .put("owner", actor.uri())
            .put("publicKeyPem", publicKeyPem))
        .put("assertionMethod", new JsonArray()
            .add(new Multikey(uris.assertionKey(actor.uri()), actor.uri(), assertionKey).toJson()));
    if (actor.iconUrl() != null) {
      doc.put("icon", new JsonObject().put("type", "Image").put("url", actor.iconUrl()));
    }
    return doc;
  }

  /**
   * Adds what a person's profile has beyond the actor row (README "Profile and settings"): the
   * header as {@code image}, the fields as {@code attachment} of PropertyValue, and the schema.org
   * terms for them in the context, as Mastodon's ActorSerializer writes them.
   */
  public static JsonObject withProfile(JsonObject doc, ActorProfile profile) {
    if (profile.headerUrl() != null) {
      doc.put("image", new JsonObject().put("type", "Image").put("url", profile.headerUrl()));
    }
    if (!profile.fields().isEmpty()) {
      JsonArray attachment = new JsonArray();
      for (ProfileField f : profile.fields()) {
        attachment.add(new JsonObject().put("type", "PropertyValue").put("name", f.name()).put("value", f.value()));
      }
      doc.put("attachment", attachment);
      if (doc.getValue("@context") instanceof JsonArray context && !context.isEmpty()
          && context.getValue(context.size() - 1) instanceof JsonObject terms) {
        terms.put("schema", "http://schema.org#").put("PropertyValue", "schema:PropertyValue").put("value", "schema:value");
      }
    }
    return doc;
  }

  /**
   * What an unsigned GET of an actor gets under authorized fetch: what verifying its signatures
   * and proofs needs (as GoToSocial serves a key stub), nothing of the profile.
   */
  public static JsonObject keysOnly(JsonObject actor) {
    JsonObject doc = new JsonObject();
    for (String field : new String[] {"@context", "id", "type", "preferredUsername", "inbox", "outbox", "endpoints",
        "publicKey", "assertionMethod"}) {
      if (actor.containsKey(field)) {
        doc.put(field, actor.getValue(field));
      }
    }
    return doc;
  }

  /** What a deleted actor's id answers, with 410. */
  public static JsonObject tombstone(Actor actor) {
    return new JsonObject()
        .put("@context", ActivityStreams.NS)
        .put("id", actor.uri())
        .put("type", "Tombstone")
        .put("formerType", actor.type().name())
        .put("deleted", actor.deletedAt().map(d -> DateTimeFormatter.ISO_INSTANT.format(d.truncatedTo(ChronoUnit.SECONDS))).orElse(null));
  }
}
