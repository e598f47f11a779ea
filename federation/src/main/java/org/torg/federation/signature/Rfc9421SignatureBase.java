package org.torg.federation.signature;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The RFC 9421 §2.5 signature base: one {@code "name": value} line per covered component, then
 * {@code "@signature-params": <inner list>}, joined with newlines and no newline at the end.
 * Shared by the signer and the verifier; the RFC's own example and Node-made signatures check it
 * in the tests.
 */
final class Rfc9421SignatureBase {

  private Rfc9421SignatureBase() {}

  /** The first covered header field the request lacks, if any (derived components never lack). */
  static Optional<String> absentHeader(List<String> components, IncomingRequest request) {
    return components.stream()
        .filter(c -> !c.startsWith("@"))
        .filter(c -> request.signedValue(c).isEmpty())
        .findFirst();
  }

  /**
   * @param targetUri the value of {@code @target-uri}: normally {@link #targetUri}, or an
   *     alternative the caller knows the signer used (see {@link SignatureVerifier})
   * @throws IllegalArgumentException when a covered header is absent: check
   *     {@link #absentHeader} first
   */
  static String build(List<String> components, String signatureParams, IncomingRequest request, String targetUri) {
    StringBuilder out = new StringBuilder();
    for (String name : components) {
      out.append('"').append(name).append("\": ").append(value(name, request, targetUri)).append('\n');
    }
    return out.append("\"@signature-params\": ").append(signatureParams).toString();
  }

  /** {@code scheme://authority/path?query}, what the sender addressed (RFC 9421 §2.2.2). */
  static String targetUri(IncomingRequest request) {
    return request.scheme() + "://" + authority(request) + request.pathAndQuery();
  }

  /**
   * The authority as RFC 9421 §2.2.3 wants it: host lower-cased, default port dropped, which is
   * also what URL classes (Fedify's included) produce when the signer builds its target URI.
   */
  static String authority(IncomingRequest request) {
    String authority = request.authority().toLowerCase(Locale.ROOT);
    String defaultPort = request.scheme().equals("https") ? ":443" : request.scheme().equals("http") ? ":80" : null;
    if (defaultPort != null && authority.endsWith(defaultPort)) {
      return authority.substring(0, authority.length() - defaultPort.length());
    }
    return authority;
  }

  private static String value(String name, IncomingRequest request, String targetUri) {
    return switch (name) {
      case "@method" -> request.method();
      case "@target-uri" -> targetUri;
      case "@authority" -> authority(request);
      case "@scheme" -> request.scheme();
      case "@request-target" -> request.pathAndQuery();
      case "@path" -> request.path();
      case "@query" -> "?" + request.query().orElse("");
      default -> request.signedValue(name).orElseThrow(() -> new IllegalArgumentException("no " + name + " header"));
    };
  }
}
