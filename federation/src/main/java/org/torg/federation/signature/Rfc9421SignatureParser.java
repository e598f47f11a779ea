package org.torg.federation.signature;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.torg.federation.signature.StructuredFields.ByteSequence;
import org.torg.federation.signature.StructuredFields.InnerList;
import org.torg.federation.signature.StructuredFields.Item;
import org.torg.federation.signature.StructuredFields.MalformedFieldException;
import org.torg.federation.signature.StructuredFields.Member;

/**
 * Reads RFC 9421 {@code Signature-Input} and {@code Signature} dictionaries and picks the first
 * label this package can verify. A request may carry several signatures (a proxy may add its
 * own); one we cannot use must not hide one we can.
 */
final class Rfc9421SignatureParser {

  /** The derived components {@link Rfc9421SignatureBase} can rebuild from a request. */
  static final List<String> DERIVED = List.of(
      "@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query");

  private Rfc9421SignatureParser() {}

  static SignatureParseResult parse(String signatureInput, Optional<String> signatureHeader) {
    if (signatureHeader.isEmpty()) {
      return SignatureParseResult.failed(ParseOutcome.MALFORMED, "Signature-Input without Signature");
    }
    Map<String, Member> inputs;
    Map<String, Member> signatures;
    try {
      inputs = StructuredFields.parseDictionary(signatureInput.trim());
      signatures = StructuredFields.parseDictionary(signatureHeader.get().trim());
    } catch (MalformedFieldException e) {
      return SignatureParseResult.failed(ParseOutcome.MALFORMED, "not a structured-field dictionary: " + e.getMessage());
    }
    SignatureParseResult firstFailure = null;
    for (Map.Entry<String, Member> input : inputs.entrySet()) {
      Member signature = signatures.get(input.getKey());
      SignatureParseResult result = signature == null
          ? SignatureParseResult.failed(ParseOutcome.MALFORMED, "no Signature for label " + input.getKey())
          : parseLabel(input.getKey(), input.getValue(), signature);
      if (result.outcome() == ParseOutcome.PARSED) {
        return result;
      }
      if (firstFailure == null) {
        firstFailure = result;
      }
    }
    return firstFailure != null
        ? firstFailure
        : SignatureParseResult.failed(ParseOutcome.MALFORMED, "Signature-Input is empty");
  }

  private static SignatureParseResult parseLabel(String label, Member input, Member signatureMember) {
    if (!(input.value() instanceof InnerList list)) {
      return malformed(label, "Signature-Input member is not an inner list");
    }
    if (!(signatureMember.value() instanceof Item item) || !(item.value() instanceof ByteSequence bytes)
        || bytes.bytes().length == 0) {
      return malformed(label, "Signature member is not a byte sequence");
    }
    List<String> components = new ArrayList<>();
    for (Item component : list.items()) {
      if (!(component.value() instanceof String name) || name.isEmpty()) {
        return malformed(label, "a component identifier is not a string");
      }
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        return malformed(label, "component names are lower-case: " + name);
      }
      if (!component.params().isEmpty() || (name.startsWith("@") && !DERIVED.contains(name))) {
        return SignatureParseResult.failed(ParseOutcome.UNSUPPORTED_COMPONENT,
            label + ": cannot rebuild " + StructuredFields.serializeBareItem(name)
                + StructuredFields.serializeParameters(component.params()));
      }
      if (components.contains(name)) {
        return malformed(label, "component listed twice: " + name);
      }
      components.add(name);
    }

    Map<String, Object> params = list.params();
    Optional<String> keyId = stringParam(params, "keyid");
    if (keyId.isEmpty() || keyId.get().isBlank()) {
      return malformed(label, "no keyid");
    }
    Optional<String> algorithm = stringParam(params, "alg");
    if (algorithm.isPresent() && SignatureAlgorithm.fromRfc9421Name(algorithm.get()).isEmpty()) {
      return SignatureParseResult.failed(ParseOutcome.UNSUPPORTED_ALGORITHM, label + ": alg " + algorithm.get());
    }
    for (String name : List.of("created", "expires")) {
      if (params.containsKey(name) && !(params.get(name) instanceof Long)) {
        return malformed(label, name + " is not an integer");
      }
    }
    for (String name : List.of("keyid", "alg", "nonce", "tag")) {
      if (params.containsKey(name) && !(params.get(name) instanceof String)) {
        return malformed(label, name + " is not a string");
      }
    }
    return SignatureParseResult.parsed(new Rfc9421Signature(
        label,
        components,
        bytes.bytes(),
        keyId.get(),
        algorithm,
        instantParam(params, "created"),
        instantParam(params, "expires"),
        stringParam(params, "nonce"),
        stringParam(params, "tag"),
        input.raw(),
        StructuredFields.serialize(list)));
  }

  private static SignatureParseResult malformed(String label, String detail) {
    return SignatureParseResult.failed(ParseOutcome.MALFORMED, label + ": " + detail);
  }

  private static Optional<String> stringParam(Map<String, Object> params, String name) {
    return params.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  private static Optional<Instant> instantParam(Map<String, Object> params, String name) {
    return params.get(name) instanceof Long seconds ? Optional.of(Instant.ofEpochSecond(seconds)) : Optional.empty();
  }
}
