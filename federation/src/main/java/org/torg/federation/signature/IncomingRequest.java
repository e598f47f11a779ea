package org.torg.federation.signature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A received HTTP request, reduced to what signature verification reads. Everything is as it
 * arrived on the wire: a signature covers the sender's bytes, so a value a framework
 * "normalized" (a decoded path, a rewritten Host) makes a valid signature fail.
 *
 * @param method the request method as received, e.g. {@code POST}
 * @param pathAndQuery the raw request target as received, e.g. {@code /inbox?page=2}
 * @param authority the {@code Host} header (HTTP/1.1) or {@code :authority} (HTTP/2); empty
 *     when the request had none
 * @param scheme {@code http} or {@code https}, from the server's public URL: behind a TLS
 *     proxy the connection itself is plain HTTP but the sender signed {@code https}
 * @param headers header names (lower-cased here whatever the caller passed) to their values
 * @param body the raw body, empty (or null) when there is none; copied in and out
 */
public record IncomingRequest(
    String method,
    String pathAndQuery,
    String authority,
    String scheme,
    Map<String, List<String>> headers,
    byte[] body) {

  public IncomingRequest {
    method = require(method, "method");
    pathAndQuery = require(pathAndQuery, "pathAndQuery");
    authority = authority == null ? "" : authority;
    // Required, not defaulted: a guessed scheme silently breaks every @target-uri signature.
    scheme = require(scheme, "scheme").toLowerCase(Locale.ROOT);
    headers = lowerCaseNames(headers == null ? Map.of() : headers);
    body = body == null ? new byte[0] : body.clone();
  }

  /** A copy: the record stays immutable. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** A header's values joined with ", " (RFC 9110 §5.3), found whatever the case of the name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join(", ", values));
  }

  /** The target's path without the query; {@code /} when the target has no path. */
  public String path() {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    return path.isEmpty() ? "/" : path;
  }

  /** The query without its {@code ?}, empty when the target has none. */
  public Optional<String> query() {
    int question = pathAndQuery.indexOf('?');
    return question < 0 ? Optional.empty() : Optional.of(pathAndQuery.substring(question + 1));
  }

  /**
   * A header as both signature formats sign it: each value stripped of surrounding whitespace
   * (RFC 9421 §2.1, which draft-cavage shares), values joined with ", ". {@code host} is the
   * authority, which is the Host header by definition and the only place HTTP/2 carries it.
   */
  Optional<String> signedValue(String lowerCaseName) {
    if (lowerCaseName.equals("host") && !authority.isEmpty()) {
      return Optional.of(authority);
    }
    List<String> values = headers.get(lowerCaseName);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join(", ", values.stream().map(String::strip).toList()));
  }

  /** The body without a copy, for digests inside the package. */
  byte[] rawBody() {
    return body;
  }

  private static String require(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  /* Two spellings of one name ("Digest" and "digest") are one header: their values are merged. */
  private static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> headers) {
    Map<String, List<String>> merged = new LinkedHashMap<>();
    headers.forEach((name, values) -> merged
        .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
        .addAll(values == null ? List.of() : values));
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    merged.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(frozen);
  }
}
