package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureParserTest {

  private static IncomingRequest withHeaders(String... namesAndValues) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return new IncomingRequest("POST", "/inbox", "torg.example", "https", headers, new byte[0]);
  }

  private static ParsedSignature parsed(IncomingRequest request) {
    SignatureParseResult result = SignatureParser.parse(request);
    assertEquals(ParseOutcome.PARSED, result.outcome(), result.detail());
    return result.signature().orElseThrow();
  }

  @Test
  void readsAMastodonInboxPost() {
    CavageSignature signature = assertInstanceOf(CavageSignature.class, parsed(WireRequests.fixture("mastodon-follow.http")));
    assertEquals(SignatureFormat.DRAFT_CAVAGE, signature.format());
    assertEquals("https://mastodon.example/users/alice#main-key", signature.keyId());
    assertEquals(Optional.of("rsa-sha256"), signature.algorithm());
    assertEquals(List.of("(request-target)", "host", "date", "digest", "content-type"), signature.coveredComponents());
    assertEquals(256, signature.signature().length, "an RSA-2048 signature");
    assertEquals(Optional.empty(), signature.created());
  }

  @Test
  void readsGoToSocialsHs2019WithAKeyIdWithoutFragment() {
    CavageSignature signature = assertInstanceOf(CavageSignature.class, parsed(WireRequests.fixture("gotosocial-get-actor.http")));
    assertEquals("https://gts.example/users/dave/main-key", signature.keyId());
    assertEquals(Optional.of("hs2019"), signature.algorithm());
    assertEquals(List.of("(request-target)", "host", "date"), signature.headers());
  }

  @Test
  void readsParameterNamesInAnyCaseBareValuesAndSpaces() {
    CavageSignature signature = assertInstanceOf(CavageSignature.class, parsed(withHeaders("Signature",
        "KeyId=\"https://a.example/actor#k\" , Algorithm=HS2019,created=1700000000, expires=1700000300.5,"
            + " headers=\"(request-target) (created) (expires) Digest\",signature=AQID")));
    assertEquals("https://a.example/actor#k", signature.keyId());
    assertEquals(Optional.of("hs2019"), signature.algorithm());
    assertEquals(List.of("(request-target)", "(created)", "(expires)", "digest"), signature.headers());
    assertEquals(Optional.of(Instant.ofEpochSecond(1700000000)), signature.created());
    assertEquals(Optional.of(Instant.ofEpochSecond(1700000300)), signature.expires());
    assertEquals("1700000300.5", signature.parameters().get("expires"), "signed as received");
  }

  @Test
  void headersDefaultToDateOrToCreatedForHs2019() {
    CavageSignature plain = (CavageSignature) parsed(withHeaders("Signature", "keyId=\"k\",signature=\"AQID\""));
    assertEquals(List.of("date"), plain.headers());
    CavageSignature withCreated = (CavageSignature) parsed(
        withHeaders("Signature", "keyId=\"k\",algorithm=\"hs2019\",created=1700000000,signature=\"AQID\""));
    assertEquals(List.of("(created)"), withCreated.headers());
  }

  @Test
  void readsTheDraftsAuthorizationHeaderToo() {
    CavageSignature signature = (CavageSignature) parsed(
        withHeaders("Authorization", "Signature keyId=\"https://a.example/actor#k\",headers=\"date\",signature=\"AQID\""));
    assertEquals("https://a.example/actor#k", signature.keyId());
  }

  @Test
  void base64IsCheckedAsTheRegexWould() {
    for (String ok : new String[] {"AQID", "AQI=", "AQ==", "a+/9"}) {
      assertTrue(CavageSignatureParser.isBase64(ok), ok);
    }
    for (String bad : new String[] {"", "==", "AQ===", "AQ=D", "AQ-_", "AQ D", "é"}) {
      assertEquals(false, CavageSignatureParser.isBase64(bad), bad);
    }
    assertEquals(ParseOutcome.MALFORMED, SignatureParser.parse(withHeaders("Signature", "keyId=\"k\",signature=\"AQ-_\"")).outcome());
    assertEquals(ParseOutcome.MALFORMED, SignatureParser.parse(withHeaders("Signature", "keyId=\"k\",sig nature=\"AQID\"")).outcome());
  }

  @Test
  void noSignatureHeadersIsNoSignature() {
    assertEquals(ParseOutcome.NO_SIGNATURE, SignatureParser.parse(withHeaders("Accept", "*/*")).outcome());
    assertEquals(ParseOutcome.NO_SIGNATURE, SignatureParser.parse(withHeaders("Authorization", "Bearer abc")).outcome());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "garbage",
      "",
      "keyId=\"k\",signature=\"AQID\",",
      "keyId=\"k\" signature=\"AQID\"",
      "keyId=\"unterminated,signature=\"AQID\"",
      "algorithm=\"rsa-sha256\",headers=\"date\",signature=\"AQID\"",
      "keyId=\"   \",signature=\"AQID\"",
      "keyId=\"k\",headers=\"date\"",
      "keyId=\"k\",signature=\"not base64!!\"",
      "keyId=\"k\",signature=\"AQ\"\"ID\"",
      "keyId=\"k\",signature=\"A\"",
      "keyId=\"k\",keyId=\"other\",signature=\"AQID\"",
      "keyId=\"k\",headers=\"  \",signature=\"AQID\"",
      "keyId=\"k\",created=yesterday,signature=\"AQID\"",
      "keyId=\"k\",algorithm=\"rsa-sha256\",headers=\"(created) date\",created=1,signature=\"AQID\"",
      "keyId=\"k\",algorithm=\"hs2019\",headers=\"(expires) date\",signature=\"AQID\""})
  void malformedCavageHeadersAreMalformed(String header) {
    SignatureParseResult result = SignatureParser.parse(withHeaders("Signature", header));
    assertEquals(ParseOutcome.MALFORMED, result.outcome(), header + " -> " + result.detail());
    assertTrue(result.signature().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hmac-sha256", "rsa-sha1", "ed25519", "ecdsa-sha256"})
  void unknownCavageAlgorithmsAreUnsupported(String algorithm) {
    SignatureParseResult result = SignatureParser.parse(
        withHeaders("Signature", "keyId=\"k\",algorithm=\"" + algorithm + "\",headers=\"date\",signature=\"AQID\""));
    assertEquals(ParseOutcome.UNSUPPORTED_ALGORITHM, result.outcome(), result.detail());
  }

  @Test
  void readsAnRfc9421SignatureAndKeepsItsParametersAsReceived() {
    String input = "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1700000000;expires=1700000300"
        + ";keyid=\"https://fedify.example/users/f#main-key\";alg=\"rsa-v1_5-sha256\";nonce=\"n1\";tag=\"fedify\"";
    Rfc9421Signature signature = assertInstanceOf(Rfc9421Signature.class,
        parsed(withHeaders("Signature-Input", input, "Signature", "sig1=:AQID:")));
    assertEquals(SignatureFormat.RFC9421, signature.format());
    assertEquals("sig1", signature.label());
    assertEquals("https://fedify.example/users/f#main-key", signature.keyId());
    assertEquals(List.of("@method", "@target-uri", "content-digest"), signature.components());
    assertEquals(Optional.of("rsa-v1_5-sha256"), signature.algorithm());
    assertEquals(Optional.of(Instant.ofEpochSecond(1700000000)), signature.created());
    assertEquals(Optional.of(Instant.ofEpochSecond(1700000300)), signature.expires());
    assertEquals(Optional.of("n1"), signature.nonce());
    assertEquals(Optional.of("fedify"), signature.tag());
    assertEquals(input.substring("sig1=".length()), signature.signatureParams());
    assertEquals(3, signature.signature().length);
  }

  @Test
  void prefersRfc9421WhenSignatureInputIsPresentEvenWithACavageAuthorization() {
    ParsedSignature signature = parsed(withHeaders(
        "Signature-Input", "sig1=(\"@method\" \"@path\");created=1;keyid=\"new\"",
        "Signature", "sig1=:AQID:",
        "Authorization", "Signature keyId=\"old\",headers=\"date\",signature=\"AQID\""));
    assertEquals(SignatureFormat.RFC9421, signature.format());
    assertEquals("new", signature.keyId());
  }

  @Test
  void skipsALabelItCannotUseForOneItCan() {
    ParsedSignature signature = parsed(withHeaders(
        "Signature-Input", "proxy=(\"@method\");keyid=\"p\";alg=\"hmac-sha256\", "
            + "sig1=(\"@method\" \"@path\");keyid=\"k\";alg=\"ed25519\"",
        "Signature", "proxy=:AQID:, sig1=:BAUG:"));
    assertEquals("k", signature.keyId());
  }

  @Test
  void anRfc9421AlgorithmWeDoNotVerifyIsUnsupported() {
    SignatureParseResult result = SignatureParser.parse(withHeaders(
        "Signature-Input", "sig1=(\"@method\");keyid=\"k\";alg=\"hmac-sha256\"", "Signature", "sig1=:AQID:"));
    assertEquals(ParseOutcome.UNSUPPORTED_ALGORITHM, result.outcome());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"content-type\";sf", "\"@query-param\";name=\"id\"", "\"@status\"", "\"@method\";req"})
  void componentsWeCannotRebuildAreUnsupported(String component) {
    SignatureParseResult result = SignatureParser.parse(withHeaders(
        "Signature-Input", "sig1=(" + component + ");keyid=\"k\"", "Signature", "sig1=:AQID:"));
    assertEquals(ParseOutcome.UNSUPPORTED_COMPONENT, result.outcome(), result.detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sig1=(\"@method\");keyid=\"k\"|",
      "sig1=(\"@method\";keyid=\"k\"|sig1=:AQID:",
      "sig1=(\"@method\");created=1|sig1=:AQID:",
      "sig1=(\"@method\");keyid=k|sig1=:AQID:",
      "sig1=(\"@method\");keyid=\"k\";created=\"now\"|sig1=:AQID:",
      "sig1=(\"@method\");keyid=\"k\"|sig2=:AQID:",
      "sig1=(\"@method\");keyid=\"k\"|sig1=:not base64:",
      "sig1=(\"@method\");keyid=\"k\"|sig1=\"AQID\"",
      "sig1=(\"@method\");keyid=\"k\"|sig1=::",
      "sig1=(@method);keyid=\"k\"|sig1=:AQID:",
      "sig1=(\"@method\" \"@method\");keyid=\"k\"|sig1=:AQID:",
      "sig1=(\"Content-Type\");keyid=\"k\"|sig1=:AQID:",
      "sig1=\"@method\";keyid=\"k\"|sig1=:AQID:",
      "keyId=\"k\",signature=\"AQID\"|keyId=\"k\",signature=\"AQID\""})
  void malformedRfc9421HeadersAreMalformed(String inputAndSignature) {
    String[] parts = inputAndSignature.split("\\|", -1);
    IncomingRequest request = parts[1].isEmpty()
        ? withHeaders("Signature-Input", parts[0])
        : withHeaders("Signature-Input", parts[0], "Signature", parts[1]);
    SignatureParseResult result = SignatureParser.parse(request);
    assertEquals(ParseOutcome.MALFORMED, result.outcome(), inputAndSignature + " -> " + result.detail());
  }
}
