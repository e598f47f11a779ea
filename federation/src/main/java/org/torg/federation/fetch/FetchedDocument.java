package org.torg.federation.fetch;

import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * A remote document: from {@link DocumentFetcher#fetchJson}, one whose top-level {@code id} is
 * {@code finalUrl}; from {@link DocumentFetcher#fetchPlainJson}, server metadata with no id.
 *
 * @param finalUrl the URL the document was read from, after redirects, without fragment
 * @param json the document as received
 */
public record FetchedDocument(URI finalUrl, JsonObject json) {}
