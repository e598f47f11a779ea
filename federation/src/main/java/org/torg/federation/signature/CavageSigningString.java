package org.torg.federation.signature;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The draft-cavage signing string: one {@code name: value} line per entry of {@code headers},
 * in that order, joined with newlines. Shared by the signer and the verifier so both build it
 * the same way; independent tools (openssl, Node) check it in the tests.
 */
final class CavageSigningString {

  /** How {@code (request-target)} renders the target. */
  enum RequestTargetForm {
    /** {@code post /inbox?x=1}: the draft, and Mastodon since 4.3. */
    PATH_AND_QUERY,
    /** {@code post /inbox}: Mastodon 4.2 and Misskey drop the query (mastodon#31994, misskey#17734). */
    PATH_ONLY
  }

  private CavageSigningString() {}

  /** The first covered header the request lacks, if any (pseudo-headers are never lacking). */
  static Optional<String> absentHeader(List<String> headers, IncomingRequest request) {
    return headers.stream()
        .filter(h -> !h.startsWith("("))
        .filter(h -> request.signedValue(h).isEmpty())
        .findFirst();
  }

  /**
   * @param parameters the signature's parameters as received; {@code (created)} and
   *     {@code (expires)} sign their text, not a re-formatted number
   * @throws IllegalArgumentException when a covered header or parameter is absent: check
   *     {@link #absentHeader} first
   */
  static String build(List<String> headers, Map<String, String> parameters, IncomingRequest request, RequestTargetForm form) {
    StringBuilder out = new StringBuilder();
    for (String name : headers) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(name).append(": ").append(value(name, parameters, request, form));
    }
    return out.toString();
  }

  private static String value(String name, Map<String, String> parameters, IncomingRequest request, RequestTargetForm form) {
    switch (name) {
      case CavageSignatureParser.REQUEST_TARGET:
        String target = form == RequestTargetForm.PATH_ONLY ? request.path() : request.pathAndQuery();
        return request.method().toLowerCase(Locale.ROOT) + " " + target;
      case CavageSignatureParser.CREATED:
        return required(parameters.get("created"), name);
      case CavageSignatureParser.EXPIRES:
        return required(parameters.get("expires"), name);
      default:
        return request.signedValue(name).orElseThrow(() -> new IllegalArgumentException("no " + name + " header"));
    }
  }

  private static String required(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is signed but its parameter is missing");
    }
    return value.trim();
  }
}
