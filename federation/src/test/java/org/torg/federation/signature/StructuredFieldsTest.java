package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.torg.federation.signature.StructuredFields.ByteSequence;
import org.torg.federation.signature.StructuredFields.InnerList;
import org.torg.federation.signature.StructuredFields.Item;
import org.torg.federation.signature.StructuredFields.MalformedFieldException;
import org.torg.federation.signature.StructuredFields.Member;
import org.torg.federation.signature.StructuredFields.Token;

class StructuredFieldsTest {

  @Test
  void readsASignatureInputDictionaryAndKeepsEachMembersText() throws MalformedFieldException {
    String field = "sig1=(\"@method\" \"@target-uri\");created=1618884473;keyid=\"k\\\"1\";alg=\"ed25519\", "
        + "sig2=(  \"@path\"  );tag=x";
    Map<String, Member> members = StructuredFields.parseDictionary(field);
    assertEquals(List.of("sig1", "sig2"), List.copyOf(members.keySet()));

    InnerList sig1 = (InnerList) members.get("sig1").value();
    assertEquals(List.of("@method", "@target-uri"), sig1.items().stream().map(Item::value).toList());
    assertEquals(1618884473L, sig1.params().get("created"));
    assertEquals("k\"1", sig1.params().get("keyid"));
    assertEquals("(\"@method\" \"@target-uri\");created=1618884473;keyid=\"k\\\"1\";alg=\"ed25519\"", members.get("sig1").raw());

    InnerList sig2 = (InnerList) members.get("sig2").value();
    assertEquals(new Token("x"), sig2.params().get("tag"));
    assertEquals("(  \"@path\"  );tag=x", members.get("sig2").raw());
    assertEquals("(\"@path\");tag=x", StructuredFields.serialize(sig2));
  }

  @Test
  void readsByteSequencesBooleansAndDecimals() throws MalformedFieldException {
    Map<String, Member> members = StructuredFields.parseDictionary("a=:AQID:, b, c=?0, d=-1.5;q");
    assertArrayEquals(new byte[] {1, 2, 3}, ((ByteSequence) ((Item) members.get("a").value()).value()).bytes());
    assertEquals(Boolean.TRUE, ((Item) members.get("b").value()).value());
    assertEquals(Boolean.FALSE, ((Item) members.get("c").value()).value());
    assertEquals(new java.math.BigDecimal("-1.5"), ((Item) members.get("d").value()).value());
    assertEquals(Map.of("q", Boolean.TRUE), ((Item) members.get("d").value()).params());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Sig1=(\"a\")", "sig1=(\"a\"", "sig1=(\"a\")x", "sig1=:not base64!:", "sig1=\"unterminated",
      "sig1=(\"a\"\"b\")", "sig1=1,", "sig1=?2", "keyId=\"x\" signature=\"y\"", "sig1=1234567890123456"})
  void refusesMalformedFields(String field) {
    assertThrows(MalformedFieldException.class, () -> StructuredFields.parseDictionary(field));
  }

  @Test
  void refusesToWriteAStringItCannotCarry() {
    assertEquals("\"a\\\"b\\\\c\"", StructuredFields.serializeString("a\"b\\c"));
    assertThrows(IllegalArgumentException.class, () -> StructuredFields.serializeString("caf\u00e9"));
    assertThrows(IllegalArgumentException.class, () -> StructuredFields.serializeString("a\nb"));
  }
}
