package org.torg.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * ActivityStreams constants as peers expect them. The @context lists only URLs that resolve
 * and defines Mastodon's extension terms inline (Fedify rejects a document whose context URL
 * does not resolve; Mastodon ignores one without the exact ActivityStreams URL: INTEROP §2).
 */
public final class ActivityStreams {

  public static final String NS = "https://www.w3.org/ns/activitystreams";
  public static final String SECURITY_V1 = "https://w3id.org/security/v1";
  /** Defines {@code assertionMethod} (FEP-521a), as Fedify's actors list it. */
  public static final String DID_V1 = "https://www.w3.org/ns/did/v1";
  /** Defines {@code Multikey}, {@code controller} and {@code publicKeyMultibase} (FEP-521a). */
  public static final String MULTIKEY_V1 = "https://w3id.org/security/multikey/v1";
  /** Torg's extension terms, as {@code torg:} in every context. */
  public static final String TORG_NS = "https://w3id.org/torg/ns#";
  public static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
  /** Every spelling of the public collection peers send (INTEROP §4). */
  public static final Set<String> PUBLIC_ALIASES = Set.of(PUBLIC, "as:Public", "Public");

  /** The content type every ActivityPub document is served with. */
  public static final String CONTENT_TYPE = "application/activity+json";
  /** What Torg sends in Accept when it fetches a document. */
  public static final String ACCEPT = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

  private ActivityStreams() {}

  /**
   * A fresh copy of the context for documents that carry keys (actors): the RSA
   * {@code publicKey} (security/v1) and the Ed25519 {@code assertionMethod} Multikey (did/v1,
   * multikey/v1), in the order Fedify writes them; all three resolve and Fedify preloads them.
   */
  public static JsonArray actorContext() {
    return new JsonArray().add(NS).add(SECURITY_V1).add(DID_V1).add(MULTIKEY_V1).add(extensionTerms());
  }

  /** A fresh copy of the context for activities and objects. */
  public static JsonArray objectContext() {
    return new JsonArray().add(NS).add(extensionTerms());
  }

  private static JsonObject extensionTerms() {
    return new JsonObject()
        .put("manuallyApprovesFollowers", "as:manuallyApprovesFollowers")
        .put("sensitive", "as:sensitive")
        .put("Hashtag", "as:Hashtag")
        .put("toot", "http://joinmastodon.org/ns#")
        .put("discoverable", "toot:discoverable")
        .put("indexable", "toot:indexable")
        // A poll's distinct voters (Question), as Mastodon defines it.
        .put("votersCount", "toot:votersCount")
        // An attachment's placeholder (Mastodon's term), sent with every image.
        .put("blurhash", "toot:blurhash")
        .put("featured", new JsonObject().put("@id", "toot:featured").put("@type", "@id"))
        .put("schema", "http://schema.org#")
        .put("PropertyValue", "schema:PropertyValue")
        .put("value", "schema:value")
        // Moving accounts (Mastodon's terms, in the ActivityStreams namespace): who an actor also is, and where it went.
        .put("alsoKnownAs", new JsonObject().put("@id", "as:alsoKnownAs").put("@type", "@id"))
        .put("movedTo", new JsonObject().put("@id", "as:movedTo").put("@type", "@id"))
        // Torg's own terms (FEDERATION.md, "Torg's terms"); peers that do not know them ignore them.
        .put("torg", TORG_NS)
        .put("partyWide", "torg:partyWide");
  }

  public static boolean isPublic(String address) {
    return PUBLIC_ALIASES.contains(address);
  }
}
