package org.torg.federation.proof;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.erdtman.jcs.JsonCanonicalizer;
import org.torg.federation.vocab.ActivityStreams;

/**
 * Object integrity proofs (FEP-8b32) with the {@code eddsa-jcs-2022} cryptosuite (W3C VC Data
 * Integrity EdDSA, §3.3): the Ed25519 signature of SHA-256(JCS(proof configuration)) followed by
 * SHA-256(JCS(document without {@code proof})), where the proof configuration is the proof
 * without {@code proofValue} plus the document's {@code @context}. JCS is RFC 8785, done by
 * erdtman's java-json-canonicalization; Ed25519 by {@link Ed25519Signatures}.
 *
 * <p>Written as Fedify writes and verifies them ({@code packages/fedify/src/sig/proof.ts}):
 * {@code proofPurpose} {@code assertionMethod}, {@code created} in whole seconds (Fedify hashes
 * the time as it re-prints it, which drops a fraction's trailing zeros), and the data integrity
 * context in the document's {@code @context}, without which a JSON-LD reader such as Fedify does
 * not see the {@code proof} at all.
 */
public final class IntegrityProofs {

  public static final String CRYPTOSUITE = "eddsa-jcs-2022";
  public static final String PURPOSE = "assertionMethod";
  public static final String CONTEXT = "https://w3id.org/security/data-integrity/v1";

  private IntegrityProofs() {}

  /**
   * A copy of {@code document} with the data integrity context in its {@code @context} and a
   * proof by {@code verificationMethod} added to any it already has (a proof set: each proof
   * covers the document without any proof).
   */
  public static JsonObject sign(JsonObject document, String verificationMethod, PrivateKey key, Instant created) {
    if (!Ed25519Keys.isEd25519(key)) {
      throw new IllegalArgumentException("eddsa-jcs-2022 signs with Ed25519 keys only, not " + key.getAlgorithm());
    }
    JsonObject signed = document.copy();
    signed.put("@context", withProofContext(signed.getValue("@context")));
    Object existing = signed.remove("proof");
    String time = DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS));
    DataIntegrityProof unsigned = new DataIntegrityProof(CRYPTOSUITE, verificationMethod, PURPOSE, time, null);
    byte[] signature = Ed25519Signatures.sign(key, hashData(signed, unsigned));
    JsonObject proof = new DataIntegrityProof(CRYPTOSUITE, verificationMethod, PURPOSE, time,
        Base58Btc.multibase(signature)).toJson();
    JsonArray proofs = new JsonArray();
    if (existing instanceof JsonArray array) {
      array.forEach(proofs::add);
    } else if (existing != null) {
      proofs.add(existing);
    }
    proofs.add(proof);
    return signed.put("proof", proofs.size() == 1 ? proof : proofs);
  }

  /**
   * Checks one of the document's proofs with the public key of its verification method (the
   * caller found it and checked who controls it).
   */
  public static ProofOutcome verify(JsonObject document, DataIntegrityProof proof, PublicKey key) {
    Optional<ProofOutcome> unusable = unusable(proof);
    if (unusable.isPresent()) {
      return unusable.get();
    }
    if (!Ed25519Keys.isEd25519(key)) {
      return ProofOutcome.KEY_UNAVAILABLE;
    }
    byte[] signature;
    try {
      // eddsa-jcs-2022 (§3.3.2): proofValue is base58btc multibase, nothing else.
      signature = Base58Btc.fromMultibase(proof.proofValue());
    } catch (RuntimeException e) {
      return ProofOutcome.MALFORMED_PROOF;
    }
    if (signature == null || signature.length != 64) {
      return ProofOutcome.MALFORMED_PROOF;
    }
    try {
      return Ed25519Signatures.verify(key, hashData(withoutProofs(document), proof), signature)
          ? ProofOutcome.VERIFIED : ProofOutcome.BAD_PROOF;
    } catch (IllegalArgumentException e) {
      return ProofOutcome.BAD_PROOF;
    }
  }

  /**
   * The document a proof covers: without {@code proof}, and without a Linked Data Signature
   * ({@code signature}, RsaSignature2017), which Fedify and Mastodon add after the proof.
   */
  static JsonObject withoutProofs(JsonObject document) {
    JsonObject unsecured = document.copy();
    unsecured.remove("proof");
    if (unsecured.getValue("signature") instanceof JsonObject ld && ld.getValue("signatureValue") != null) {
      unsecured.remove("signature");
    }
    return unsecured;
  }

  /** What keeps a proof from being checked at all, before any key is looked up. */
  public static Optional<ProofOutcome> unusable(DataIntegrityProof proof) {
    if (!CRYPTOSUITE.equals(proof.cryptosuite())) {
      return Optional.of(ProofOutcome.UNSUPPORTED_CRYPTOSUITE);
    }
    if (!PURPOSE.equals(proof.proofPurpose())) {
      return Optional.of(ProofOutcome.WRONG_PURPOSE);
    }
    if (proof.created() == null) {
      // Fedify refuses a proof without a creation time; so does Torg, to verify what Fedify does.
      return Optional.of(ProofOutcome.MALFORMED_PROOF);
    }
    return Optional.empty();
  }

  /** SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(document)), the bytes Ed25519 signs. */
  private static byte[] hashData(JsonObject unsecured, DataIntegrityProof proof) {
    JsonObject config = new JsonObject();
    Object context = unsecured.getValue("@context");
    if (context != null) {
      config.put("@context", context);
    }
    config.put("type", DataIntegrityProof.TYPE)
        .put("cryptosuite", proof.cryptosuite())
        .put("verificationMethod", proof.verificationMethod())
        .put("proofPurpose", proof.proofPurpose())
        .put("created", proof.created());
    byte[] configHash = sha256(canonical(config));
    byte[] documentHash = sha256(canonical(unsecured));
    byte[] both = new byte[64];
    System.arraycopy(configHash, 0, both, 0, 32);
    System.arraycopy(documentHash, 0, both, 32, 32);
    return both;
  }

  /** RFC 8785 JSON Canonicalization Scheme, as UTF-8. */
  static byte[] canonical(JsonObject json) {
    try {
      return new JsonCanonicalizer(json.encode()).getEncodedUTF8();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot canonicalize: " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  /** The context with the data integrity context added after its last URL, before inline terms. */
  static Object withProofContext(Object context) {
    if (context == null) {
      return new JsonArray().add(ActivityStreams.NS).add(CONTEXT);
    }
    if (context instanceof String url) {
      return url.equals(CONTEXT) ? url : new JsonArray().add(url).add(CONTEXT);
    }
    if (context instanceof JsonArray array) {
      if (array.contains(CONTEXT)) {
        return array;
      }
      JsonArray out = new JsonArray();
      int insertAt = 0;
      for (int i = 0; i < array.size(); i++) {
        if (array.getValue(i) instanceof String) {
          insertAt = i + 1;
        }
      }
      for (int i = 0; i < array.size(); i++) {
        if (i == insertAt) {
          out.add(CONTEXT);
        }
        out.add(array.getValue(i));
      }
      if (insertAt == array.size()) {
        out.add(CONTEXT);
      }
      return out;
    }
    // An inline context object alone: the URL first, so the inline terms stay last as usual.
    return new JsonArray().add(CONTEXT).add(context);
  }
}
