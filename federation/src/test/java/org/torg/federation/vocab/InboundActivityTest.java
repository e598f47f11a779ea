package org.torg.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class InboundActivityTest {

  private static final String ACTOR = "https://a.example/users/a";

  @Test
  void createLikeAndAnnounceHaveRecordsOfTheirOwn() throws Exception {
    JsonObject note = new JsonObject().put("id", "https://a.example/notes/1").put("type", "Note");
    InboundActivity.Create create = assertInstanceOf(InboundActivity.Create.class, InboundActivity.parse(activity("Create", note)));
    assertEquals("https://a.example/notes/1", create.object().id());
    assertEquals("Note", create.object().embeddedType().orElseThrow());

    InboundActivity.Like like = assertInstanceOf(InboundActivity.Like.class,
        InboundActivity.parse(activity("Like", "https://torg.example/posts/1")));
    assertTrue(like.object().embedded().isEmpty());

    // FEP-1b12: a Group relays the activity it received, embedded.
    JsonObject relayed = activity("Create", note);
    InboundActivity.Announce announce = assertInstanceOf(InboundActivity.Announce.class,
        InboundActivity.parse(activity("Announce", relayed)));
    assertEquals(relayed.getString("id"), announce.object().id());
    assertEquals("Create", announce.object().embeddedType().orElseThrow());
    assertEquals("Announce", announce.type());
  }

  @Test
  void withoutAnObjectTheyAreNotActivities() {
    for (String type : new String[] {"Create", "Like", "Announce"}) {
      JsonObject json = activity(type, "x");
      json.remove("object");
      assertThrows(InboundActivity.NotAnActivityException.class, () -> InboundActivity.parse(json), type);
    }
  }

  @Test
  void anActorArrayIsReadAsItsFirstActor() throws Exception {
    // Prismo's shape: actor as a one-element array of an embedded Person.
    JsonObject json = activity("Create", "https://p.example/posts/83")
        .put("actor", new JsonArray().add(new JsonObject().put("type", "Person").put("id", "https://p.example/@mxb")));
    assertEquals("https://p.example/@mxb", InboundActivity.parse(json).actor());
  }

  private static JsonObject activity(String type, Object object) {
    return new JsonObject().put("id", "https://a.example/activities/" + type.toLowerCase() + "/" + object.hashCode())
        .put("type", type).put("actor", ACTOR).put("object", object);
  }
}
