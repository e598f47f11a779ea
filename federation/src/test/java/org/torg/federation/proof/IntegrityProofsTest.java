package org.torg.federation.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.vocab.ActivityStreams;

class IntegrityProofsTest {

  private static final KeyPair KEY = Ed25519Keys.generate();
  private static final String METHOD = "https://torg.example/users/alice#ed25519-key";
  private static final Instant CREATED = Instant.parse("2026-12-03T10:45:12.345Z");

  private static JsonObject create() {
    return new JsonObject()
        .put("@context", ActivityStreams.objectContext())
        .put("id", "https://torg.example/activities/1")
        .put("type", "Create")
        .put("actor", "https://torg.example/users/alice")
        .put("object", new JsonObject().put("id", "https://torg.example/posts/1").put("type", "Note")
            .put("content", "<p>Gr\u00fc\u00dfe \u2764 1e3 and 1.50</p>").put("likes", 1.5e3));
  }

  private static DataIntegrityProof onlyProof(JsonObject signed) {
    DataIntegrityProof.Parsed parsed = DataIntegrityProof.parseAll(signed);
    assertFalse(parsed.malformed(), parsed.problem().toString());
    assertEquals(1, parsed.proofs().size());
    return parsed.proofs().get(0);
  }

  @Test
  void aSignedDocumentVerifiesAndNamesItsMethod() {
    JsonObject signed = IntegrityProofs.sign(create(), METHOD, KEY.getPrivate(), CREATED);
    DataIntegrityProof proof = onlyProof(signed);
    assertEquals("eddsa-jcs-2022", proof.cryptosuite());
    assertEquals(METHOD, proof.verificationMethod());
    assertEquals("assertionMethod", proof.proofPurpose());
    assertEquals("2026-12-03T10:45:12Z", proof.created());
    assertTrue(proof.proofValue().startsWith("z"), proof.proofValue());
    assertEquals(ProofOutcome.VERIFIED, IntegrityProofs.verify(signed, proof, KEY.getPublic()));
    // The data integrity context lands after the URLs, before the inline terms.
    JsonArray context = signed.getJsonArray("@context");
    assertEquals(List.of(ActivityStreams.NS, IntegrityProofs.CONTEXT), context.getList().subList(0, 2));
    assertTrue(context.getValue(2) instanceof JsonObject);
    // Key order and whitespace do not matter: JCS canonicalizes them away.
    JsonObject reordered = new JsonObject(new JsonObject(signed.encodePrettily()).getMap());
    JsonObject shuffled = new JsonObject();
    java.util.List<String> names = new java.util.ArrayList<>(reordered.fieldNames());
    java.util.Collections.reverse(names);
    names.forEach(name -> shuffled.put(name, reordered.getValue(name)));
    assertEquals(ProofOutcome.VERIFIED, IntegrityProofs.verify(shuffled, proof, KEY.getPublic()));
  }

  @Test
  void aTamperedDocumentOrProofIsRefused() {
    JsonObject signed = IntegrityProofs.sign(create(), METHOD, KEY.getPrivate(), CREATED);
    DataIntegrityProof proof = onlyProof(signed);
    JsonObject tampered = signed.copy();
    tampered.getJsonObject("object").put("content", "<p>Something else</p>");
    assertEquals(ProofOutcome.BAD_PROOF, IntegrityProofs.verify(tampered, proof, KEY.getPublic()));
    JsonObject otherContext = signed.copy().put("@context", ActivityStreams.NS);
    assertEquals(ProofOutcome.BAD_PROOF, IntegrityProofs.verify(otherContext, proof, KEY.getPublic()));
    DataIntegrityProof otherTime = new DataIntegrityProof(proof.cryptosuite(), proof.verificationMethod(),
        proof.proofPurpose(), "2026-12-03T10:45:13Z", proof.proofValue());
    assertEquals(ProofOutcome.BAD_PROOF, IntegrityProofs.verify(signed, otherTime, KEY.getPublic()));
    DataIntegrityProof otherMethod = new DataIntegrityProof(proof.cryptosuite(), "https://torg.example/users/bob#ed25519-key",
        proof.proofPurpose(), proof.created(), proof.proofValue());
    assertEquals(ProofOutcome.BAD_PROOF, IntegrityProofs.verify(signed, otherMethod, KEY.getPublic()));
    assertEquals(ProofOutcome.BAD_PROOF, IntegrityProofs.verify(signed, proof, Ed25519Keys.generate().getPublic()));
  }

  @Test
  void proofsThatCannotBeCheckedSayWhy() {
    JsonObject signed = IntegrityProofs.sign(create(), METHOD, KEY.getPrivate(), CREATED);
    DataIntegrityProof proof = onlyProof(signed);
    assertEquals(ProofOutcome.UNSUPPORTED_CRYPTOSUITE, IntegrityProofs.verify(signed,
        new DataIntegrityProof("eddsa-rdfc-2022", METHOD, "assertionMethod", proof.created(), proof.proofValue()), KEY.getPublic()));
    assertEquals(ProofOutcome.WRONG_PURPOSE, IntegrityProofs.verify(signed,
        new DataIntegrityProof(proof.cryptosuite(), METHOD, "authentication", proof.created(), proof.proofValue()), KEY.getPublic()));
    assertEquals(ProofOutcome.MALFORMED_PROOF, IntegrityProofs.verify(signed,
        new DataIntegrityProof(proof.cryptosuite(), METHOD, "assertionMethod", null, proof.proofValue()), KEY.getPublic()));
    assertEquals(ProofOutcome.MALFORMED_PROOF, IntegrityProofs.verify(signed,
        new DataIntegrityProof(proof.cryptosuite(), METHOD, "assertionMethod", proof.created(), "zshort"), KEY.getPublic()));
    assertEquals(ProofOutcome.KEY_UNAVAILABLE, IntegrityProofs.verify(signed, proof, RsaKeys.generate().getPublic()));
    assertThrows(IllegalArgumentException.class,
        () -> IntegrityProofs.sign(create(), METHOD, RsaKeys.generate().getPrivate(), CREATED));
  }

  @Test
  void proofFieldsAreReadStrictly() {
    assertTrue(DataIntegrityProof.parseAll(create()).proofs().isEmpty());
    assertFalse(DataIntegrityProof.parseAll(create()).malformed());
    assertTrue(DataIntegrityProof.parseAll(create().put("proof", "z123")).malformed());
    assertTrue(DataIntegrityProof.parseAll(create().put("proof", new JsonObject().put("type", "RsaSignature2017"))).malformed());
    assertTrue(DataIntegrityProof.parseAll(create().put("proof", new JsonObject().put("type", "DataIntegrityProof")
        .put("cryptosuite", "eddsa-jcs-2022"))).malformed());
  }

  @Test
  void aSecondProofJoinsTheFirstAndBothVerify() {
    KeyPair other = Ed25519Keys.generate();
    JsonObject once = IntegrityProofs.sign(create(), METHOD, KEY.getPrivate(), CREATED);
    JsonObject twice = IntegrityProofs.sign(once, "https://torg.example/groups/g#ed25519-key", other.getPrivate(), CREATED);
    List<DataIntegrityProof> proofs = DataIntegrityProof.parseAll(twice).proofs();
    assertEquals(2, proofs.size());
    assertEquals(ProofOutcome.VERIFIED, IntegrityProofs.verify(twice, proofs.get(0), KEY.getPublic()));
    assertEquals(ProofOutcome.VERIFIED, IntegrityProofs.verify(twice, proofs.get(1), other.getPublic()));
  }

  @Test
  void multikeysRoundTripAndAreFoundOnlyUnderTheirController() throws GeneralSecurityException {
    String multibase = Ed25519Keys.publicKeyMultibase(KEY.getPublic());
    assertTrue(multibase.startsWith("z6Mk"), multibase);
    assertEquals(KEY.getPublic(), Ed25519Keys.parsePublicKeyMultibase(multibase));
    assertEquals(KEY.getPublic(), Ed25519Keys.parsePublicKeyPem(Ed25519Keys.publicKeyPem(KEY.getPublic())));
    assertThrows(GeneralSecurityException.class, () -> Ed25519Keys.parsePublicKeyMultibase("u" + multibase.substring(1)));
    assertThrows(GeneralSecurityException.class, () -> Ed25519Keys.parsePublicKeyMultibase("z3yZe7d"));

    String actorId = "https://torg.example/users/alice";
    JsonObject actor = new JsonObject().put("id", actorId).put("type", "Person")
        .put("assertionMethod", new JsonArray().add(new Multikey(METHOD, actorId, KEY.getPublic()).toJson()));
    assertEquals(KEY.getPublic(), Multikey.find(actor, METHOD).orElseThrow().publicKey());
    assertTrue(Multikey.find(actor, actorId + "#other").isEmpty());
    JsonObject claimed = actor.copy().put("id", "https://torg.example/users/mallory");
    assertTrue(Multikey.find(claimed, METHOD).isEmpty(), "a key controlled by someone else");
  }
}
