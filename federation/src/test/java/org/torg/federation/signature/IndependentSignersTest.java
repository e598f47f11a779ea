package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures made by code that shares nothing with this package (openssl, Node's crypto) verify
 * here, and ours verify there. Round trips alone would pass with a signer and a verifier that
 * agree on the same mistake.
 */
class IndependentSignersTest {

  private static final KeyPair RSA = RsaKeys.generate();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2025-06-09T22:05:01Z");
  private static final byte[] BODY = ("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"type\":\"Create\","
      + "\"actor\":\"https://remote.example/users/r\",\"object\":{\"type\":\"Note\",\"content\":\"Gr\u00fc\u00dfe \u2764\"}}")
      .getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private static String privateKeyPem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static VerificationOutcome verify(IncomingRequest request, PublicKey key, Instant now) {
    SignatureParseResult parsed = SignatureParser.parse(request);
    assertEquals(ParseOutcome.PARSED, parsed.outcome(), parsed.detail());
    return SignatureVerifier.verify(parsed.signature().orElseThrow(), request, key, now);
  }

  private static IncomingRequest received(String method, String target, String host, Map<String, String> headers, byte[] body) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    headers.forEach((name, value) -> all.put(name, List.of(value)));
    return new IncomingRequest(method, target, host, "https", all, body);
  }

  // --- openssl ---------------------------------------------------------------------------------

  @Test
  void aCavagePostSignedByOpensslVerifies() throws IOException {
    ExternalCommand openssl = ExternalCommand.require("openssl");
    Path key = Files.writeString(dir.resolve("key.pem"), privateKeyPem(RSA.getPrivate()));
    Path body = Files.write(dir.resolve("body.json"), BODY);
    String digest = "SHA-256=" + Base64.getEncoder().encodeToString(openssl.run(dir, "dgst", "-sha256", "-binary", body.toString()));
    String date = "Mon, 09 Jun 2025 22:05:00 GMT";
    String signingString = "(request-target): post /groups/lobby/inbox?via=relay\nhost: torg.example\ndate: " + date
        + "\ndigest: " + digest + "\ncontent-type: application/activity+json";
    Path data = Files.writeString(dir.resolve("signing-string.txt"), signingString);
    byte[] signature = openssl.run(dir, "dgst", "-sha256", "-sign", key.toString(), data.toString());

    IncomingRequest request = received("POST", "/groups/lobby/inbox?via=relay", "torg.example", Map.of(
        "Host", "torg.example", "Date", date, "Digest", digest, "Content-Type", "application/activity+json",
        "Signature", "keyId=\"https://remote.example/users/r#main-key\",algorithm=\"rsa-sha256\","
            + "headers=\"(request-target) host date digest content-type\",signature=\""
            + Base64.getEncoder().encodeToString(signature) + "\""), BODY);
    assertEquals(VerificationOutcome.VERIFIED, verify(request, RSA.getPublic(), NOW));
    assertEquals(VerificationOutcome.DIGEST_MISMATCH,
        verify(WireRequests.withBody(request, "{}".getBytes(StandardCharsets.UTF_8)), RSA.getPublic(), NOW));
  }

  @Test
  void whatHttpSignerSendsVerifiesWithOpenssl() throws IOException {
    ExternalCommand openssl = ExternalCommand.require("openssl");
    URI inbox = URI.create("https://mastodon.example:8443/users/alice/inbox?x=1");
    Map<String, String> sent = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", inbox,
        Map.of("Content-Type", "application/activity+json"), BODY, "https://torg.example/actor#main-key", RSA.getPrivate(), NOW);
    // The signing string as the draft defines it, written out from the headers that were sent.
    String signingString = "(request-target): post /users/alice/inbox?x=1\nhost: mastodon.example:8443\ndate: "
        + sent.get("Date") + "\ndigest: " + sent.get("Digest") + "\ncontent-type: application/activity+json";
    String signatureHeader = sent.get("Signature");
    String base64 = signatureHeader.substring(signatureHeader.indexOf("signature=\"") + 11, signatureHeader.length() - 1);
    Files.write(dir.resolve("sig.bin"), Base64.getDecoder().decode(base64));
    Files.writeString(dir.resolve("pub.pem"), RsaKeys.publicKeyPem(RSA.getPublic()));
    Files.writeString(dir.resolve("signing-string.txt"), signingString);
    Files.write(dir.resolve("body.json"), BODY);

    String verified = new String(openssl.run(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin",
        "signing-string.txt"), StandardCharsets.UTF_8);
    assertEquals("Verified OK", verified.strip());
    String digest = Base64.getEncoder().encodeToString(openssl.run(dir, "dgst", "-sha256", "-binary", "body.json"));
    assertEquals("SHA-256=" + digest, sent.get("Digest"));
  }

  // --- Node ------------------------------------------------------------------------------------

  private JsonNode node(String command, String keyPem, String method, String url, Map<String, String> headers, byte[] body,
      Instant created) throws IOException {
    ExternalCommand node = ExternalCommand.require("node");
    Path script = dir.resolve("independent-signer.js");
    Files.write(script, WireRequests.resource("/signature/independent-signer.js"));
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("command", command);
    input.put("keyPem", keyPem);
    input.put("keyId", "https://remote.example/users/r#main-key");
    input.put("method", method);
    input.put("url", url);
    input.put("headers", headers);
    input.put("bodyBase64", Base64.getEncoder().encodeToString(body));
    input.put("created", created.getEpochSecond());
    Path request = dir.resolve("request.json");
    JSON.writeValue(request.toFile(), input);
    return JSON.readTree(node.run(dir, script.toString(), request.toString()));
  }

  private static Map<String, String> plus(Map<String, String> headers, JsonNode added) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    added.fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue().asText()));
    return all;
  }

  @Test
  void anRfc9421PostSignedByNodeVerifies() throws IOException {
    Map<String, String> headers = Map.of("Host", "torg.example", "Content-Type", "application/activity+json");
    JsonNode signed = node("sign-rfc9421", privateKeyPem(RSA.getPrivate()), "POST",
        "https://torg.example/groups/lobby/inbox?via=relay", headers, BODY, NOW);
    IncomingRequest request = received("POST", "/groups/lobby/inbox?via=relay", "torg.example",
        plus(headers, signed.get("headers")), BODY);
    assertEquals(SignatureFormat.RFC9421, SignatureParser.parse(request).signature().orElseThrow().format());
    assertEquals(VerificationOutcome.VERIFIED, verify(request, RSA.getPublic(), NOW));
    assertEquals(VerificationOutcome.DIGEST_MISMATCH,
        verify(WireRequests.withBody(request, "{}".getBytes(StandardCharsets.UTF_8)), RSA.getPublic(), NOW));
    assertEquals(VerificationOutcome.BAD_SIGNATURE,
        verify(WireRequests.withTarget(request, "/groups/lobby/inbox?via=other"), RSA.getPublic(), NOW));
  }

  @Test
  void anRfc9421GetSignedByNodeWithEd25519Verifies() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Map<String, String> headers = Map.of("Host", "torg.example", "Accept", "application/activity+json");
    JsonNode signed = node("sign-rfc9421", privateKeyPem(ed.getPrivate()), "GET",
        "https://torg.example/users/alice/outbox?page=true", headers, new byte[0], NOW);
    IncomingRequest request = received("GET", "/users/alice/outbox?page=true", "torg.example",
        plus(headers, signed.get("headers")), new byte[0]);
    assertEquals(VerificationOutcome.VERIFIED, verify(request, ed.getPublic(), NOW));
    // expires=created+300, honoured with Mastodon's one-hour margin beyond it.
    assertEquals(VerificationOutcome.VERIFIED, verify(request, ed.getPublic(), NOW.plusSeconds(301)), "expired, within the margin");
    assertEquals(VerificationOutcome.CLOCK_SKEW, verify(request, ed.getPublic(), NOW.plusSeconds(300 + 3600 + 1)), "expired beyond it");
  }

  @Test
  void cavageSignaturesMadeByNodeVerify() throws IOException {
    Map<String, String> postHeaders = Map.of("Content-Type", "application/activity+json");
    JsonNode post = node("sign-cavage", privateKeyPem(RSA.getPrivate()), "POST", "https://torg.example/inbox", postHeaders, BODY, NOW);
    IncomingRequest postRequest = received("POST", "/inbox", "torg.example", plus(postHeaders, post.get("headers")), BODY);
    assertEquals(VerificationOutcome.VERIFIED, verify(postRequest, RSA.getPublic(), NOW));

    Map<String, String> getHeaders = Map.of("Accept", "application/activity+json");
    JsonNode get = node("sign-cavage", privateKeyPem(RSA.getPrivate()), "GET",
        "https://torg.example/groups/lobby/followers?page=1", getHeaders, new byte[0], NOW);
    IncomingRequest getRequest = received("GET", "/groups/lobby/followers?page=1", "torg.example",
        plus(getHeaders, get.get("headers")), new byte[0]);
    assertEquals(VerificationOutcome.VERIFIED, verify(getRequest, RSA.getPublic(), NOW));
    assertEquals(VerificationOutcome.BAD_SIGNATURE, verify(getRequest, RsaKeys.generate().getPublic(), NOW));
  }

  @Test
  void whatHttpSignerSendsInRfc9421VerifiesWithNode() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    for (KeyPair key : List.of(RSA, ed)) {
      URI inbox = URI.create("https://hollo.example/@alice/inbox");
      Map<String, String> sent = HttpSigner.sign(SignatureFormat.RFC9421, "POST", inbox,
          Map.of("Content-Type", "application/activity+json"), BODY, "https://torg.example/actor#main-key", key.getPrivate(), NOW);
      String publicPem = "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
      JsonNode result = node("verify-rfc9421", publicPem, "POST", inbox.toString(), sent, BODY, NOW);
      assertTrue(result.get("verified").asBoolean(), "Node refused " + sent);
    }
  }
}
