package org.torg.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressingTest {

  private static final String FOLLOWERS = "https://a.example/users/a/followers";
  private static final String BOB = "https://b.example/users/bob";

  @Test
  void everySpellingOfPublicBecomesTheFullIri() {
    Addressing a = Addressing.of(new JsonArray().add("as:Public").add("Public").add(ActivityStreams.PUBLIC), "Public", 10);
    assertEquals(List.of(ActivityStreams.PUBLIC), a.to(), "three spellings, one address");
    assertEquals(List.of(ActivityStreams.PUBLIC), a.cc());
    assertTrue(a.isPublic());
  }

  @Test
  void visibilityIsReadTheWayMastodonReadsIt() {
    assertEquals(Addressing.Visibility.PUBLIC, Addressing.of("as:Public", FOLLOWERS, 10).visibility(FOLLOWERS));
    assertEquals(Addressing.Visibility.UNLISTED, Addressing.of(FOLLOWERS, "Public", 10).visibility(FOLLOWERS));
    assertEquals(Addressing.Visibility.FOLLOWERS, Addressing.of(FOLLOWERS, BOB, 10).visibility(FOLLOWERS));
    assertEquals(Addressing.Visibility.DIRECT, Addressing.of(BOB, null, 10).visibility(FOLLOWERS));
    assertEquals(Addressing.Visibility.DIRECT, Addressing.of(FOLLOWERS, null, 10).visibility(null),
        "with the followers collection unknown, a non-public post is direct");
    assertFalse(Addressing.of(BOB, FOLLOWERS, 10).isPublic());
  }

  @Test
  void addressesMayBeObjectsAndAreDeduplicatedAndCapped() {
    Addressing a = Addressing.of(new JsonArray().add(new JsonObject().put("id", BOB).put("type", "Person")).add(BOB)
        .add(42).add("").add("https://c.example/1").add("https://c.example/2"), null, 2);
    assertEquals(List.of(BOB, "https://c.example/1"), a.to());
    assertEquals(List.of(), a.cc());
    assertTrue(a.addresses(BOB));
  }
}
