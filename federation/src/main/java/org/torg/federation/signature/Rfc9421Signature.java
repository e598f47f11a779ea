package org.torg.federation.signature;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One labelled RFC 9421 signature: a member of {@code Signature-Input} and the member of
 * {@code Signature} with the same label.
 *
 * @param label the dictionary key shared by both headers, e.g. {@code sig1}
 * @param components the covered component names in order, lower-cased, without quotes
 * @param signature the decoded signature bytes
 * @param keyId the {@code keyid} parameter
 * @param algorithm the {@code alg} parameter; absent means "infer from the key"
 * @param nonce the {@code nonce} parameter; replay protection by nonce is the caller's business
 * @param tag the {@code tag} parameter (an application's name for its signatures)
 * @param signatureParams the inner list as received, e.g.
 *     {@code ("@method" "@target-uri");created=1700000000;keyid="…"}: the last line of the
 *     signature base is this text, because the signer signed its own serialization
 * @param canonicalSignatureParams the same inner list re-serialized per RFC 8941, tried when
 *     the received text had non-canonical spacing
 */
public record Rfc9421Signature(
    String label,
    List<String> components,
    byte[] signature,
    String keyId,
    Optional<String> algorithm,
    Optional<Instant> created,
    Optional<Instant> expires,
    Optional<String> nonce,
    Optional<String> tag,
    String signatureParams,
    String canonicalSignatureParams) implements ParsedSignature {

  public Rfc9421Signature {
    components = List.copyOf(components);
    signature = signature.clone();
  }

  @Override
  public SignatureFormat format() {
    return SignatureFormat.RFC9421;
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public List<String> coveredComponents() {
    return components;
  }
}
