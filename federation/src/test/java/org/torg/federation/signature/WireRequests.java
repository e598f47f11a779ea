package org.torg.federation.signature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns what a signer sends, or a fixture file, into the request a server receives. */
final class WireRequests {

  private WireRequests() {}

  /** The request as our server would see it after HttpSigner's headers went over the wire. */
  static IncomingRequest received(String method, URI uri, Map<String, String> sentHeaders, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    sentHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new IncomingRequest(method, target, sentHeaders.get("Host"), uri.getScheme(), headers, body);
  }

  /** The same request with one header replaced (or added). */
  static IncomingRequest withHeader(IncomingRequest request, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put(name.toLowerCase(), List.of(value));
    return new IncomingRequest(request.method(), request.pathAndQuery(), request.authority(), request.scheme(), headers, request.body());
  }

  static IncomingRequest withoutHeader(IncomingRequest request, String name) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.remove(name.toLowerCase());
    return new IncomingRequest(request.method(), request.pathAndQuery(), request.authority(), request.scheme(), headers, request.body());
  }

  static IncomingRequest withBody(IncomingRequest request, byte[] body) {
    return new IncomingRequest(request.method(), request.pathAndQuery(), request.authority(), request.scheme(), request.headers(), body);
  }

  static IncomingRequest withTarget(IncomingRequest request, String pathAndQuery) {
    return new IncomingRequest(request.method(), pathAndQuery, request.authority(), request.scheme(), request.headers(), request.body());
  }

  /**
   * A fixture under {@code /signature/fixtures}: request line, headers, blank line, body, all
   * LF-separated; received over https (the scheme comes from the server's public URL).
   */
  static IncomingRequest fixture(String name) {
    byte[] bytes = resource("/signature/fixtures/" + name);
    int split = indexOf(bytes, "\n\n".getBytes(StandardCharsets.US_ASCII));
    String head = new String(bytes, 0, split, StandardCharsets.UTF_8);
    byte[] body = Arrays.copyOfRange(bytes, split + 2, bytes.length);
    List<String> lines = new ArrayList<>(head.lines().toList());
    String[] requestLine = lines.remove(0).split(" ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String host = "";
    for (String line : lines) {
      int colon = line.indexOf(':');
      String headerName = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      headers.computeIfAbsent(headerName, k -> new ArrayList<>()).add(value);
      if (headerName.equalsIgnoreCase("host")) {
        host = value;
      }
    }
    return new IncomingRequest(requestLine[0], requestLine[1], host, "https", headers, body);
  }

  static PublicKey fixtureKey() {
    try {
      return RsaKeys.parsePublicKeyPem(new String(resource("/signature/fixtures/fixture-key.pub.pem"), StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] resource(String path) {
    try (InputStream in = WireRequests.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no blank line after the headers");
  }
}
