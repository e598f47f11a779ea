package org.torg.federation.proof;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code proof} of an object (W3C VC Data Integrity, as FEP-8b32 uses it), as received: the
 * strings are kept exactly as sent, since the proof configuration is hashed from them.
 */
public record DataIntegrityProof(
    String cryptosuite, String verificationMethod, String proofPurpose, String created, String proofValue) {

  static final String TYPE = "DataIntegrityProof";

  /** The proofs an object carries, or the first problem that makes them unreadable. */
  public record Parsed(List<DataIntegrityProof> proofs, Optional<String> problem) {
    public boolean malformed() {
      return problem.isPresent();
    }
  }

  /** Reads {@code proof} (one object or an array of them); an absent one gives no proofs. */
  public static Parsed parseAll(JsonObject document) {
    Object value = document.getValue("proof");
    if (value == null) {
      return new Parsed(List.of(), Optional.empty());
    }
    List<Object> entries = value instanceof JsonArray array ? array.getList() : List.of(value);
    if (entries.isEmpty()) {
      return new Parsed(List.of(), Optional.empty());
    }
    List<DataIntegrityProof> proofs = new ArrayList<>();
    for (Object entry : entries) {
      JsonObject proof = entry instanceof JsonObject json ? json
          : entry instanceof java.util.Map<?, ?> map ? new JsonObject(castMap(map)) : null;
      if (proof == null) {
        return malformed("a proof is not a JSON object");
      }
      if (!hasType(proof.getValue("type"))) {
        return malformed("a proof is not a DataIntegrityProof");
      }
      String cryptosuite = string(proof, "cryptosuite");
      String method = string(proof, "verificationMethod");
      String purpose = string(proof, "proofPurpose");
      String created = string(proof, "created");
      String proofValue = string(proof, "proofValue");
      if (cryptosuite == null || method == null || purpose == null || proofValue == null) {
        return malformed("a proof lacks cryptosuite, verificationMethod, proofPurpose or proofValue");
      }
      proofs.add(new DataIntegrityProof(cryptosuite, method, purpose, created, proofValue));
    }
    return new Parsed(List.copyOf(proofs), Optional.empty());
  }

  /** The proof as embedded in a document. */
  JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", TYPE)
        .put("cryptosuite", cryptosuite)
        .put("verificationMethod", verificationMethod)
        .put("proofPurpose", proofPurpose);
    if (created != null) {
      json.put("created", created);
    }
    return json.put("proofValue", proofValue);
  }

  private static Parsed malformed(String problem) {
    return new Parsed(List.of(), Optional.of(problem));
  }

  private static boolean hasType(Object type) {
    if (type instanceof String s) {
      return s.equals(TYPE) || s.equals("https://w3id.org/security#" + TYPE);
    }
    return type instanceof JsonArray array && array.stream().anyMatch(DataIntegrityProof::hasType);
  }

  /** A string, or the {@code id} of an object (a verification method may come embedded). */
  private static String string(JsonObject proof, String name) {
    Object value = proof.getValue(name);
    if (value instanceof JsonObject object && object.getValue("id") instanceof String id) {
      return id;
    }
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> castMap(java.util.Map<?, ?> map) {
    return (java.util.Map<String, Object>) map;
  }
}
