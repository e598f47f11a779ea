package org.torg.server.convert;

import io.vertx.core.json.JsonObject;

/**
 * Torg's own ActivityStreams extension terms (FEDERATION.md, "Members-only votes"): prefixed
 * {@code torg:} in documents, so a server that does not know them ignores them, as JSON-LD asks.
 */
public final class TorgTerms {

  public static final String NS = org.torg.federation.vocab.ActivityStreams.TORG_NS;

  private TorgTerms() {}

  /** The inline context that defines the terms Torg uses. */
  public static JsonObject context() {
    return new JsonObject().put("torg", NS)
        .put("Membership", "torg:Membership")
        .put("expires", new JsonObject().put("@id", "torg:expires").put("@type", "http://www.w3.org/2001/XMLSchema#dateTime"))
        .put("eligibility", "torg:eligibility")
        .put("membership", new JsonObject().put("@id", "torg:membership").put("@type", "@id"));
  }
}
