package org.torg.federation.fetch;

import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * A remote document whose top-level {@code id} is {@code finalUrl}.
 *
 * @param finalUrl the URL the document was read from, after redirects, without fragment
 * @param json the document as received
 */
public record FetchedDocument(URI finalUrl, JsonObject json) {}
