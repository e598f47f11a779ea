package org.torg.server.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.torg.federation.proof.DataIntegrityProof;
import org.torg.federation.proof.Ed25519Keys;
import org.torg.federation.proof.IntegrityProofs;
import org.torg.federation.proof.ProofOutcome;

/** A branch's membership statement: signed with its Ed25519 key, verifiable by anyone with the key, and nothing else. */
class MembershipStatementTest {

  static final String GROUP = "https://north.example/groups/north";
  static final String ANN = "https://north.example/users/ann";
  static final Instant NOW = Instant.parse("2030-05-01T10:00:00Z");

  static final KeyPair KEY = Ed25519Keys.generate();

  static JsonObject signed() {
    return MembershipStatement.sign(MembershipStatement.unsigned(GROUP, ANN, NOW, NOW.plus(Duration.ofDays(7))),
        GROUP + "#ed25519-key", KEY.getPrivate(), NOW);
  }

  static ProofOutcome verify(JsonObject statement, java.security.PublicKey key) {
    DataIntegrityProof proof = DataIntegrityProof.parseAll(statement).proofs().get(0);
    return IntegrityProofs.verify(statement, proof, key);
  }

  @Test
  void aStatementNamesItsGroupAndMemberAndIsServedAtItsId() {
    JsonObject s = signed();
    assertEquals("Membership", s.getString("type"));
    assertEquals(GROUP, s.getString("actor"));
    assertEquals(ANN, s.getString("object"));
    assertEquals(GROUP + "/members/statement?actor=https%3A%2F%2Fnorth.example%2Fusers%2Fann", s.getString("id"));
    assertEquals("2030-05-08T10:00:00Z", s.getString("expires"));
    assertEquals(GROUP + "#ed25519-key", s.getJsonObject("proof").getString("verificationMethod"));
  }

  @Test
  void itsProofVerifiesWithTheGroupsKeyOnly() {
    JsonObject s = signed();
    assertEquals(ProofOutcome.VERIFIED, verify(s, KEY.getPublic()));
    assertEquals(ProofOutcome.BAD_PROOF, verify(s, Ed25519Keys.generate().getPublic()));
    assertEquals(Optional.empty(), MembershipStatement.problem(s, ANN, NOW.plusSeconds(60)));
  }

  @Test
  void anyChangeBreaksTheProof() {
    for (String field : new String[] {"object", "actor", "expires", "published", "type"}) {
      JsonObject tampered = signed();
      tampered.put(field, field.equals("expires") ? "2099-01-01T00:00:00Z" : tampered.getString(field) + "x");
      assertEquals(ProofOutcome.BAD_PROOF, verify(tampered, KEY.getPublic()), field);
    }
  }

  @Test
  void itCountsOnlyForItsMemberAndUntilItExpires() {
    JsonObject s = signed();
    assertEquals(Optional.of("statement_for_another_actor"), MembershipStatement.problem(s, "https://x.example/users/bob", NOW));
    assertEquals(Optional.of("statement_expired"), MembershipStatement.problem(s, ANN, NOW.plus(Duration.ofDays(7))));
    assertEquals(Optional.of("statement_invalid"), MembershipStatement.problem(s.copy().put("type", "Note"), ANN, NOW));
    JsonObject unsigned = s.copy();
    unsigned.remove("proof");
    assertEquals(Optional.of("statement_invalid"), MembershipStatement.problem(unsigned, ANN, NOW));
    JsonObject noExpiry = s.copy();
    noExpiry.remove("expires");
    assertEquals(Optional.of("statement_invalid"), MembershipStatement.problem(noExpiry, ANN, NOW));
    assertTrue(s.getValue("@context").toString().contains(IntegrityProofs.CONTEXT));
  }
}
