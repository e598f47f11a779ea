package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.torg.federation.vocab.InboundActivity;

/** The metric label of each activity type. */
class InboxProcessorTest {

  private static final String[] THREAD_TYPES = {"Create", "Like", "Announce"};

  @Test
  void createLikeAndAnnounceAreLabelledByTheirTypeAndTheRestAsOther() throws Exception {
    for (String type : THREAD_TYPES) {
      assertEquals(type, InboxProcessor.handledAs(InboundActivity.parse(activity(type))));
    }
    assertEquals("other", InboxProcessor.handledAs(InboundActivity.parse(activity("EmojiReact"))));
  }

  private static JsonObject activity(String type) {
    return new JsonObject().put("id", "https://a.example/activities/" + type).put("type", type)
        .put("actor", "https://a.example/users/a").put("object", "https://torg.example/posts/1");
  }
}
