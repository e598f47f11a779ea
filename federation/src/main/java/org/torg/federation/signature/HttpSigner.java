package org.torg.federation.signature;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.torg.federation.signature.CavageSigningString.RequestTargetForm;

/**
 * Signs outgoing requests the way peers verify them. Sign at send time, not when a delivery is
 * queued: Mastodon refuses a {@code Date} more than about an hour old.
 *
 * <p>draft-cavage (what every peer verifies): {@code algorithm="rsa-sha256"}, the headers always
 * listed: POST {@code (request-target) host date digest content-type}, GET
 * {@code (request-target) host date accept}. RFC 9421: label {@code sig1}, POST
 * {@code ("@method" "@target-uri" "content-digest" "content-type")}, GET
 * {@code ("@method" "@target-uri")}, then {@code ;created=…;keyid="…";alg="…"}.
 */
public final class HttpSigner {

  static final String LABEL = "sig1";

  private HttpSigner() {}

  /**
   * @param headers the caller's headers (e.g. {@code Accept}, {@code Content-Type}); kept, and
   *     any {@code Host}, {@code Date}, digest or signature header among them is replaced
   * @param body the body to send; null or empty for a GET
   * @param key an RSA key (either format) or an Ed25519 key (RFC 9421 {@code ed25519};
   *     draft-cavage {@code hs2019}, which few peers accept)
   * @return every header to send, in a stable order: the caller's, then {@code Host},
   *     {@code Date}, the digest, {@code Signature-Input} and {@code Signature}
   * @throws IllegalArgumentException for a URI without a host, a key of another type, or a
   *     keyId a structured-field string cannot carry
   */
  public static Map<String, String> sign(
      SignatureFormat format, String method, URI uri, Map<String, String> headers, byte[] body,
      String keyId, PrivateKey key, Instant now) {
    return sign(format, RequestTargetForm.PATH_AND_QUERY, method, uri, headers, body, keyId, key, now);
  }

  /**
   * A GET signed in one of the {@link SignedGetForm}s a fetcher knocks with; otherwise as
   * {@link #sign(SignatureFormat, String, URI, Map, byte[], String, PrivateKey, Instant)}.
   */
  public static Map<String, String> signGet(
      SignedGetForm form, URI uri, Map<String, String> headers, String keyId, PrivateKey key, Instant now) {
    return sign(form.format(), form.requestTarget(), "GET", uri, headers, null, keyId, key, now);
  }

  private static Map<String, String> sign(
      SignatureFormat format, RequestTargetForm requestTarget, String method, URI uri, Map<String, String> headers,
      byte[] body, String keyId, PrivateKey key, Instant now) {
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("cannot sign a request to " + uri + ": it has no host");
    }
    SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(key)
        .orElseThrow(() -> new IllegalArgumentException("only RSA and Ed25519 keys sign: " + key.getAlgorithm()));
    byte[] content = body == null ? new byte[0] : body;

    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (!isOurs(name)) {
        out.put(name, value);
      }
    });
    out.put("Host", authority(uri));
    out.put("Date", HttpDates.format(now));

    IncomingRequest asSent;
    if (format == SignatureFormat.DRAFT_CAVAGE) {
      asSent = request(method, uri, out, content);
      if (SignatureVerifier.needsDigest(asSent)) {
        out.put("Digest", Digests.digestHeader(content));
      }
      asSent = request(method, uri, out, content);
      out.put("Signature", cavageSignature(asSent, keyId, key, algorithm, requestTarget));
    } else {
      asSent = request(method, uri, out, content);
      if (SignatureVerifier.needsDigest(asSent)) {
        out.put("Content-Digest", Digests.contentDigestHeader(content));
      }
      asSent = request(method, uri, out, content);
      List<String> components = new ArrayList<>(List.of("@method", "@target-uri"));
      if (SignatureVerifier.needsDigest(asSent)) {
        components.add("content-digest");
        if (asSent.signedValue("content-type").isPresent()) {
          components.add("content-type");
        }
      }
      String params = "(" + String.join(" ", components.stream().map(StructuredFields::serializeString).toList()) + ")"
          + ";created=" + now.getEpochSecond()
          + ";keyid=" + StructuredFields.serializeString(keyId)
          + ";alg=" + StructuredFields.serializeString(algorithm.rfc9421Name());
      String base = Rfc9421SignatureBase.build(components, params, asSent, Rfc9421SignatureBase.targetUri(asSent));
      out.put("Signature-Input", LABEL + "=" + params);
      out.put("Signature", LABEL + "=:" + Base64.getEncoder().encodeToString(sign(algorithm, key, base)) + ":");
    }
    return out;
  }

  private static String cavageSignature(
      IncomingRequest asSent, String keyId, PrivateKey key, SignatureAlgorithm algorithm, RequestTargetForm requestTarget) {
    List<String> covered = new ArrayList<>(List.of(CavageSignatureParser.REQUEST_TARGET, "host", "date"));
    if (SignatureVerifier.needsDigest(asSent)) {
      covered.add("digest");
      covered.add("content-type");
    } else {
      covered.add("accept");
    }
    // Listed only when sent: signing an absent header would make the signature unverifiable.
    covered.removeIf(h -> !h.startsWith("(") && asSent.signedValue(h).isEmpty());
    String signingString = CavageSigningString.build(covered, Map.of(), asSent, requestTarget);
    if (keyId.contains("\"") || keyId.contains("\\")) {
      throw new IllegalArgumentException("a keyId with quotes or backslashes: " + keyId);
    }
    String name = algorithm == SignatureAlgorithm.RSA_PKCS1_SHA256 ? "rsa-sha256" : "hs2019";
    return "keyId=\"" + keyId + "\",algorithm=\"" + name + "\",headers=\"" + String.join(" ", covered)
        + "\",signature=\"" + Base64.getEncoder().encodeToString(sign(algorithm, key, signingString)) + "\"";
  }

  private static byte[] sign(SignatureAlgorithm algorithm, PrivateKey key, String text) {
    try {
      return algorithm.sign(key, text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("this key cannot sign: " + e.getMessage(), e);
    }
  }

  /** The request as the peer will see it, so the signer builds exactly what the verifier rebuilds. */
  private static IncomingRequest request(String method, URI uri, Map<String, String> headers, byte[] body) {
    Map<String, List<String>> multi = new LinkedHashMap<>();
    headers.forEach((name, value) -> multi.put(name, List.of(value)));
    return new IncomingRequest(method, pathAndQuery(uri), authority(uri), uri.getScheme(), multi, body);
  }

  /** {@code host} or {@code host:port} when the port is not the scheme's default. */
  static String authority(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1
        || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()))
        || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()));
    return defaultPort ? host : host + ":" + port;
  }

  /** Raw path (as it goes on the wire, percent-encoding kept) and query; never the fragment. */
  static String pathAndQuery(URI uri) {
    String path = Optional.ofNullable(uri.getRawPath()).filter(p -> !p.isEmpty()).orElse("/");
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static boolean isOurs(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "host", "date", "digest", "content-digest", "signature", "signature-input" -> true;
      default -> false;
    };
  }
}
