package org.torg.federation.signature;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a draft-cavage {@code Signature} header: comma-separated {@code name=value} pairs,
 * values quoted or bare tokens. Parameter names are matched in any case because some senders
 * write {@code keyid}; values are kept as sent.
 */
final class CavageSignatureParser {

  static final String REQUEST_TARGET = "(request-target)";
  static final String CREATED = "(created)";
  static final String EXPIRES = "(expires)";

  private static final List<String> ALGORITHMS = List.of("rsa-sha256", "hs2019");
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,15}(\\.\\d+)?");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private CavageSignatureParser() {}

  static SignatureParseResult parse(String header) {
    Optional<Map<String, String>> read = parameters(header);
    if (read.isEmpty()) {
      return SignatureParseResult.failed(ParseOutcome.MALFORMED, "Signature header is not a list of name=value pairs");
    }
    Map<String, String> params = read.get();
    String keyId = params.getOrDefault("keyid", "").trim();
    if (keyId.isEmpty()) {
      return SignatureParseResult.failed(ParseOutcome.MALFORMED, "no keyId");
    }
    String encoded = params.getOrDefault("signature", "").trim();
    if (!isBase64(encoded) || encoded.length() % 4 == 1) {
      return SignatureParseResult.failed(ParseOutcome.MALFORMED, "signature is missing or not base64");
    }
    byte[] signature = Base64.getDecoder().decode(encoded);

    Optional<String> algorithm = Optional.ofNullable(params.get("algorithm")).map(a -> a.trim().toLowerCase(Locale.ROOT));
    if (algorithm.isPresent() && !ALGORITHMS.contains(algorithm.get())) {
      return SignatureParseResult.failed(ParseOutcome.UNSUPPORTED_ALGORITHM, "algorithm " + algorithm.get());
    }

    Optional<Instant> created = Optional.empty();
    Optional<Instant> expires = Optional.empty();
    for (String name : List.of("created", "expires")) {
      String value = params.get(name);
      if (value == null) {
        continue;
      }
      if (!TIMESTAMP.matcher(value.trim()).matches()) {
        return SignatureParseResult.failed(ParseOutcome.MALFORMED, name + " is not a Unix time");
      }
      // Fractions are allowed by some senders; the window is checked to the second.
      Optional<Instant> instant = Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim().split("\\.")[0])));
      if (name.equals("created")) {
        created = instant;
      } else {
        expires = instant;
      }
    }

    boolean rsaSha256 = algorithm.filter("rsa-sha256"::equals).isPresent();
    List<String> headers;
    if (params.containsKey("headers")) {
      headers = Arrays.stream(WHITESPACE.split(params.get("headers").trim().toLowerCase(Locale.ROOT)))
          .filter(h -> !h.isEmpty()).toList();
      if (headers.isEmpty()) {
        return SignatureParseResult.failed(ParseOutcome.MALFORMED, "headers is empty");
      }
    } else {
      // The early drafts default to "date", the late ones (hs2019) to "(created)".
      headers = created.isPresent() && !rsaSha256 ? List.of(CREATED) : List.of("date");
    }
    for (String pseudo : List.of(CREATED, EXPIRES)) {
      if (!headers.contains(pseudo)) {
        continue;
      }
      // The draft forbids these pseudo-headers with rsa-sha256; Mastodon refuses them too.
      if (rsaSha256) {
        return SignatureParseResult.failed(ParseOutcome.MALFORMED, pseudo + " is not allowed with rsa-sha256");
      }
      if (!params.containsKey(pseudo.substring(1, pseudo.length() - 1))) {
        return SignatureParseResult.failed(ParseOutcome.MALFORMED, pseudo + " is signed but its parameter is missing");
      }
    }
    return SignatureParseResult.parsed(
        new CavageSignature(keyId, algorithm, headers, signature, created, expires, params));
  }

  /** The parameters with lower-cased names, or empty when the text is not a parameter list. */
  private static Optional<Map<String, String>> parameters(String header) {
    Map<String, String> params = new LinkedHashMap<>();
    String text = header.trim();
    int pos = 0;
    while (pos < text.length()) {
      int equals = text.indexOf('=', pos);
      if (equals < 0) {
        return Optional.empty();
      }
      String name = text.substring(pos, equals).trim().toLowerCase(Locale.ROOT);
      if (!isParameterName(name)) {
        return Optional.empty();
      }
      pos = skipSpaces(text, equals + 1);
      String value;
      if (pos < text.length() && text.charAt(pos) == '"') {
        pos++;
        int close = text.indexOf('"', pos);
        int escape = text.indexOf('\\', pos);
        if (close >= 0 && (escape < 0 || escape > close)) {
          // The usual case, a value without escapes (a 344-character signature among them): cut
          // out at once rather than copied a character at a time.
          value = text.substring(pos, close);
          pos = close;
        } else {
          StringBuilder quoted = new StringBuilder();
          while (pos < text.length() && text.charAt(pos) != '"') {
            if (text.charAt(pos) == '\\' && pos + 1 < text.length()) {
              pos++;
            }
            quoted.append(text.charAt(pos++));
          }
          value = quoted.toString();
        }
        if (pos >= text.length()) {
          return Optional.empty();
        }
        pos++;
      } else {
        int end = text.indexOf(',', pos);
        end = end < 0 ? text.length() : end;
        value = text.substring(pos, end).trim();
        if (value.isEmpty() || value.contains("\"") || value.contains(" ")) {
          return Optional.empty();
        }
        pos = end;
      }
      if (params.put(name, value) != null) {
        return Optional.empty();
      }
      pos = skipSpaces(text, pos);
      if (pos < text.length()) {
        if (text.charAt(pos) != ',') {
          return Optional.empty();
        }
        pos = skipSpaces(text, pos + 1);
        if (pos >= text.length()) {
          return Optional.empty();
        }
      }
    }
    return params.isEmpty() ? Optional.empty() : Optional.of(params);
  }

  /**
   * {@code [A-Za-z0-9+/]+={0,2}}, checked by hand: every inbound request passes here, and a regex
   * over a 344-character signature cost more than the rest of the parse.
   */
  static boolean isBase64(String text) {
    int end = text.length();
    int padding = 0;
    while (end > 0 && text.charAt(end - 1) == '=' && padding < 2) {
      end--;
      padding++;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code [a-z][a-z0-9_-]*}, by hand for the same reason. */
  private static boolean isParameterName(String name) {
    if (name.isEmpty() || name.charAt(0) < 'a' || name.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaces(String text, int pos) {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return pos;
  }
}
