package org.torg.federation.signature;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A draft-cavage {@code Signature} header, e.g. Mastodon's
 * {@code keyId="https://host/users/alice#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="…"}.
 *
 * @param keyId the {@code keyId} parameter
 * @param algorithm the {@code algorithm} parameter when present ({@code rsa-sha256} or
 *     {@code hs2019}, lower-cased); absent means "infer from the key"
 * @param headers the {@code headers} parameter split on spaces and lower-cased, or its default
 * @param signature the decoded {@code signature} parameter
 * @param parameters every parameter as received (names lower-cased): the signing string uses
 *     the {@code created} and {@code expires} text exactly as sent
 */
public record CavageSignature(
    String keyId,
    Optional<String> algorithm,
    List<String> headers,
    byte[] signature,
    Optional<Instant> created,
    Optional<Instant> expires,
    Map<String, String> parameters) implements ParsedSignature {

  public CavageSignature {
    headers = List.copyOf(headers);
    signature = signature.clone();
    parameters = Map.copyOf(parameters);
  }

  @Override
  public SignatureFormat format() {
    return SignatureFormat.DRAFT_CAVAGE;
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public List<String> coveredComponents() {
    return headers;
  }
}
