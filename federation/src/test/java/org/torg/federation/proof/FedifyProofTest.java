package org.torg.federation.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torg.federation.signature.ExternalCommand;
import org.torg.federation.vocab.ActivityStreams;

/**
 * Torg and Fedify check each other's FEP-8b32 proofs: Fedify's {@code verifyObject} verifies
 * what {@link IntegrityProofs} signs, with the key published as Torg publishes it (a Multikey
 * under {@code assertionMethod}, read through Torg's actor context), and Torg verifies what
 * Fedify's {@code signObject} signs. Fedify runs through {@code interop/proofs.mjs}.
 *
 * <p>Skipped when node or the installed Fedify is missing; failed instead when {@code CI=true}.
 */
class FedifyProofTest {

  private static final Path INTEROP = Path.of(System.getProperty("user.dir")).resolve("../interop").normalize();
  private static final String ACTOR = "https://torg.example/users/alice";
  private static final String KEY_ID = ACTOR + "#ed25519-key";
  private static final KeyPair KEY = Ed25519Keys.generate();

  @TempDir
  Path dir;

  private ExternalCommand node;

  @BeforeEach
  void requireFedify() {
    Optional<ExternalCommand> found = ExternalCommand.find("node");
    String missing = found.isEmpty() ? "node is not installed"
        : !Files.isRegularFile(INTEROP.resolve("node_modules/@fedify/fedify/package.json"))
            ? "Fedify is not installed in " + INTEROP.resolve("node_modules") : null;
    if (missing != null) {
      String message = missing + ": run `npm ci --prefix interop` to check proofs against Fedify";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message + " (CI=true: .ci/run installs it, so this is not skipped in CI)");
      }
      Assumptions.abort(message);
    }
    node = found.orElseThrow();
  }

  /** The actor as Torg serves it (ActorDocuments), reduced to what verification reads. */
  private static JsonObject actor(java.security.PublicKey key) {
    return new JsonObject()
        .put("@context", ActivityStreams.actorContext())
        .put("id", ACTOR)
        .put("type", "Person")
        .put("preferredUsername", "alice")
        .put("inbox", ACTOR + "/inbox")
        .put("assertionMethod", new JsonArray().add(new Multikey(KEY_ID, ACTOR, key).toJson()));
  }

  private static JsonObject create() {
    return new JsonObject()
        .put("@context", ActivityStreams.objectContext())
        .put("id", "https://torg.example/activities/7")
        .put("type", "Create")
        .put("actor", ACTOR)
        .put("to", new JsonArray().add(ActivityStreams.PUBLIC))
        .put("object", new JsonObject()
            .put("id", "https://torg.example/posts/7")
            .put("type", "Note")
            .put("attributedTo", ACTOR)
            .put("sensitive", false)
            .put("content", "<p>Gr\u00fc\u00dfe \u2764, night buses</p>")
            .put("published", "2026-12-03T10:00:00.120Z"));
  }

  @Test
  void fedifyVerifiesWhatTorgProves() throws IOException {
    JsonObject signed = IntegrityProofs.sign(create(), KEY_ID, KEY.getPrivate(), Instant.now());
    assertTrue(fedifyVerifies(signed, actor(KEY.getPublic())), "Fedify refused Torg's proof: " + signed.encode());

    JsonObject tampered = signed.copy();
    tampered.getJsonObject("object").put("content", "<p>changed</p>");
    assertFalse(fedifyVerifies(tampered, actor(KEY.getPublic())), "Fedify accepted a tampered document");
    assertFalse(fedifyVerifies(signed, actor(Ed25519Keys.generate().getPublic())), "Fedify accepted another key");
  }

  @Test
  void torgVerifiesWhatFedifyProves() throws IOException {
    JsonObject job = new JsonObject().put("op", "sign").put("document", create()).put("keyId", KEY_ID)
        .put("privateKeyPem", "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(KEY.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n")
        .put("actor", actor(KEY.getPublic()));
    JsonObject signed = fedify(job).getJsonObject("document");
    DataIntegrityProof.Parsed parsed = DataIntegrityProof.parseAll(signed);
    assertFalse(parsed.malformed(), parsed.problem() + " in " + signed.encode());
    assertEquals(1, parsed.proofs().size(), signed.encode());
    DataIntegrityProof proof = parsed.proofs().get(0);
    assertTrue(signed.getValue("signature") instanceof JsonObject, "no Linked Data Signature beside the proof: " + signed.encode());
    assertEquals(KEY_ID, proof.verificationMethod());
    assertEquals(ProofOutcome.VERIFIED, IntegrityProofs.verify(signed, proof, KEY.getPublic()), signed.encode());

    JsonObject tampered = signed.copy().put("id", "https://torg.example/activities/8");
    assertEquals(ProofOutcome.BAD_PROOF, IntegrityProofs.verify(tampered, proof, KEY.getPublic()));
  }

  private boolean fedifyVerifies(JsonObject document, JsonObject actor) throws IOException {
    return fedify(new JsonObject().put("op", "verify").put("document", document).put("actor", actor)).getBoolean("verified");
  }

  private JsonObject fedify(JsonObject job) throws IOException {
    Path input = Files.createTempFile(dir, "job", ".json");
    Files.writeString(input, job.encode(), StandardCharsets.UTF_8);
    return new JsonObject(new String(node.run(dir, input, INTEROP.resolve("proofs.mjs").toString()), StandardCharsets.UTF_8));
  }
}
