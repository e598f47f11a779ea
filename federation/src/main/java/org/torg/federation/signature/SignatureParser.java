package org.torg.federation.signature;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds and reads the signature on an incoming request, in either format. Reading never
 * throws: whatever a peer sends ends as a named {@link ParseOutcome}, so the caller can answer
 * 401 (never 400 or 500: Fedify only falls back from RFC 9421 to draft-cavage on 401).
 */
public final class SignatureParser {

  private SignatureParser() {}

  /**
   * RFC 9421 when a {@code Signature-Input} header is present (its {@code Signature} header is
   * then a dictionary, not a cavage parameter list); otherwise draft-cavage from the
   * {@code Signature} header, or from {@code Authorization: Signature …} as the draft also allows.
   */
  public static SignatureParseResult parse(IncomingRequest request) {
    try {
      Optional<String> signatureInput = request.header("signature-input");
      if (signatureInput.isPresent()) {
        return Rfc9421SignatureParser.parse(signatureInput.get(), request.header("signature"));
      }
      Optional<String> signature = request.header("signature");
      if (signature.isPresent()) {
        return CavageSignatureParser.parse(signature.get());
      }
      Optional<String> authorization = request.header("authorization");
      if (authorization.isPresent()
          && authorization.get().trim().toLowerCase(Locale.ROOT).startsWith("signature ")) {
        return CavageSignatureParser.parse(authorization.get().trim().substring("signature ".length()));
      }
      return SignatureParseResult.failed(ParseOutcome.NO_SIGNATURE, "no Signature or Signature-Input header");
    } catch (RuntimeException e) {
      // A parser bug must still end as a refusal the caller can turn into a 401.
      return SignatureParseResult.failed(ParseOutcome.MALFORMED, "unreadable signature: " + e);
    }
  }
}
