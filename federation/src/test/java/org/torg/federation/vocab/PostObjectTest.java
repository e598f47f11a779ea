package org.torg.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PostObject#parse} on our own fixtures (src/test/resources/fixtures) and on edge cases. */
class PostObjectTest {

  @Test
  void fedifyWritesPublicShortAndASingleAttachmentAsAnObject() throws Exception {
    JsonObject create = fixture("fedify/create-note-reply.json");
    PostObject post = PostObject.parse(create.getJsonObject("object"));

    assertEquals(List.of(ActivityStreams.PUBLIC), post.to(), "as:Public spelled in full");
    assertEquals(List.of("https://fedify.example/users/alice/followers", "https://torg.example/groups/branch"), post.cc());
    assertEquals(Addressing.Visibility.PUBLIC, post.addressing().visibility("https://fedify.example/users/alice/followers"));
    assertEquals("https://torg.example/posts/1", post.inReplyTo());
    assertTrue(post.content().contains("<a href=\"https://fedify.example/tags/budget\">"), "content wins over contentMap");
    assertEquals("en", post.language());
    assertEquals("Budget", post.summary());
    assertEquals(Instant.parse("2025-03-01T12:30:00.123Z"), post.updated());
    assertEquals("https://fedify.example/users/alice/posts/2/replies", post.replies());
    assertEquals(List.of(new Attachment("Document", "image/png", "https://fedify.example/media/1.png", "A chart")),
        post.attachments());
    assertEquals(List.of(new Tag.Mention("https://torg.example/groups/branch", "@branch@torg.example")), post.mentions());
    assertEquals(List.of(new Tag.Hashtag("#budget", "https://fedify.example/tags/budget")), post.hashtags());
    assertEquals(List.of(new Tag.Emoji(":blobcat:", "https://fedify.example/emojis/blobcat.png")), post.emojis());
    assertNull(post.poll());

    InboundActivity activity = InboundActivity.parse(create);
    assertTrue(activity instanceof InboundActivity.Create c && c.object().id().equals(post.id()));
  }

  @Test
  void aMultipleChoicePollReadsAnyOfWithItsCounts() throws Exception {
    PostObject post = PostObject.parse(fixture("fedify/create-question-anyof.json").getJsonObject("object"));

    Poll poll = post.poll();
    assertTrue(poll.multipleChoice());
    assertEquals(List.of(new Poll.Option("Monday", 2), new Poll.Option("Thursday", 3)), poll.options());
    assertEquals(5, poll.totalVotes());
    assertEquals(3, poll.votersCount());
    assertEquals(Instant.parse("2025-03-09T08:00:00Z"), poll.endTime());
    assertFalse(poll.closed());
    assertEquals(Addressing.Visibility.PUBLIC, post.addressing().visibility(null));
  }

  @Test
  void withoutContentTheFirstContentMapEntryIsContentAndLanguage() throws Exception {
    PostObject post = PostObject.parse(fixture("mastodon/note-contentmap-only.json"));

    assertTrue(post.content().endsWith("Einverstanden.</p>"), post.content());
    assertEquals("de", post.language());
    assertEquals("https://torg.example/posts/1", post.inReplyTo(), "inReplyTo given as an object");
    assertEquals("tag:mastodon.example,2025-02-11:objectId=4242:objectType=Conversation", post.context());
    assertTrue(post.sensitive());
    assertEquals("Politics", post.summary());
    assertEquals("https://mastodon.example/users/bob/statuses/113000000000000001/replies", post.replies());
    assertTrue(post.addressing().addresses("https://torg.example/users/carol"));
  }

  @Test
  void aPeerTubeVideoIsByItsAccountAndShownAtItsHtmlPage() throws Exception {
    PostObject post = PostObject.parse(fixture("peertube/video-links-and-channel.json"));

    assertEquals("https://peertube.example/accounts/clerk", post.attributedTo(), "the Person, not the channel");
    assertEquals("https://peertube.example/w/2f3kHs8d", post.url(), "the text/html link, though it comes last");
    assertEquals("text/markdown", post.mediaType());
    assertEquals("fr", post.language(), "from PeerTube's language object");
    assertEquals("Town hall, March", post.name());
    assertEquals(Instant.parse("2025-03-04T08:00:00Z"), post.updated());
  }

  @Test
  void lemmysPageWithPublicSpelledShortAndOffsetTimes() throws Exception {
    PostObject post = PostObject.parse(fixture("lemmy/page-short-public.json"));

    assertEquals(List.of("https://lemmy.example/c/parks", ActivityStreams.PUBLIC), post.to());
    assertEquals(List.of(), post.cc());
    assertEquals("https://lemmy.example/c/parks", post.audience());
    assertEquals("https://lemmy.example/post/77/context", post.context());
    assertEquals("en", post.language());
    assertEquals(Instant.parse("2025-03-05T10:11:12.123456Z"), post.published());
    assertEquals(Instant.parse("2025-03-05T10:00:00.5Z"), post.updated());
    assertEquals(List.of(new Attachment("Link", "text/html", "https://city.example/parks/hours", null)), post.attachments());
  }

  @Test
  void attributedToPrefersAPersonThenAnyActorThenTheFirstId() throws Exception {
    assertEquals("https://a.example/p", PostObject.parse(note().put("attributedTo", new JsonArray()
        .add(new JsonObject().put("type", "Group").put("id", "https://a.example/g"))
        .add(new JsonObject().put("type", "Person").put("id", "https://a.example/p")))).attributedTo());
    assertEquals("https://a.example/o", PostObject.parse(note().put("attributedTo", new JsonArray()
        .add(new JsonObject().put("type", "Link").put("id", "https://a.example/l"))
        .add(new JsonObject().put("type", "Organization").put("id", "https://a.example/o")))).attributedTo());
    assertEquals("https://a.example/s", PostObject.parse(note().put("attributedTo",
        new JsonArray().add("https://a.example/s").add("https://a.example/t"))).attributedTo());
    assertNull(PostObject.parse(note().putNull("attributedTo")).attributedTo());
  }

  @Test
  void tombstonesChatMessagesAndActorsAreNotPosts() {
    for (String type : List.of("Tombstone", "ChatMessage", "Person", "Group", "Create")) {
      InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> PostObject.parse(note().put("type", type)));
      assertTrue(e.getMessage().contains(type), e.getMessage());
    }
    assertThrows(InvalidObjectException.class, () -> PostObject.parse(without(note(), "type")));
  }

  @Test
  void aTypeArrayIsReadByItsPostType() throws Exception {
    assertEquals("Article", PostObject.parse(note().put("type", new JsonArray().add("schema:BlogPosting").add("Article"))).type());
  }

  @Test
  void idsMustBeHttpUrls() {
    assertThrows(InvalidObjectException.class, () -> PostObject.parse(without(note(), "id")));
    assertThrows(InvalidObjectException.class, () -> PostObject.parse(note().put("id", "urn:uuid:1b0c")));
    assertThrows(InvalidObjectException.class, () -> PostObject.parse(note().put("id", "javascript:alert(1)")));
    assertThrows(InvalidObjectException.class, () -> PostObject.parse(note().put("inReplyTo", "tag:x.example,2020:1")));
    assertThrows(InvalidObjectException.class, () -> PostObject.parse(note().put("attributedTo", "acct:bob@x.example")));
  }

  @Test
  void contentOverTheLimitIsRefusedAndAtTheLimitRead() throws Exception {
    String atLimit = "a".repeat(PostObject.MAX_CONTENT_CHARS);
    assertEquals(atLimit, PostObject.parse(note().put("content", atLimit)).content());
    InvalidObjectException e = assertThrows(InvalidObjectException.class,
        () -> PostObject.parse(note().put("content", atLimit + "a")));
    assertTrue(e.getMessage().contains("content"));
    assertThrows(InvalidObjectException.class, () -> PostObject.parse(without(note(), "content")
        .put("contentMap", new JsonObject().put("en", atLimit + "a"))));
    assertThrows(InvalidObjectException.class,
        () -> PostObject.parse(note().put("name", "t".repeat(PostObject.MAX_TEXT_CHARS + 1))));
    assertThrows(InvalidObjectException.class,
        () -> PostObject.parse(note().put("summary", "w".repeat(PostObject.MAX_TEXT_CHARS + 1))));
  }

  @Test
  void listsAreCapped() throws Exception {
    JsonArray to = new JsonArray();
    JsonArray tags = new JsonArray();
    JsonArray attachments = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      to.add("https://a.example/users/" + i);
      tags.add(new JsonObject().put("type", "Mention").put("href", "https://a.example/users/" + i));
      attachments.add(new JsonObject().put("type", "Image").put("url", "https://a.example/" + i + ".png"));
    }
    PostObject post = PostObject.parse(note().put("to", to).put("tag", tags).put("attachment", attachments));
    assertEquals(PostObject.MAX_ADDRESSES, post.to().size());
    assertEquals(PostObject.MAX_TAGS, post.tags().size());
    assertEquals(PostObject.MAX_ATTACHMENTS, post.attachments().size());
  }

  @Test
  void oddPropertiesReadAsAbsentRatherThanFailing() throws Exception {
    PostObject post = PostObject.parse(note()
        .put("published", "yesterday").put("updated", 1700000000).put("sensitive", "true")
        .put("url", "/relative/path").put("replies", 7).put("context", new JsonArray())
        .put("tag", new JsonArray().add("#loose").add(new JsonObject().put("type", "Emoji").put("name", ":no_icon:"))
            .add(new JsonObject().put("type", "Mention").put("href", "acct:bob@x.example")))
        .put("attachment", new JsonArray().add(new JsonObject().put("type", "Image").put("url", "data:image/png;base64,AA")))
        .put("contentMap", "not a map").put("language", "not a language!"));
    assertNull(post.published());
    assertNull(post.updated());
    assertFalse(post.sensitive());
    assertNull(post.url());
    assertNull(post.replies());
    assertNull(post.context());
    assertEquals(List.of(), post.tags());
    assertEquals(List.of(), post.attachments());
    assertNull(post.language());
  }

  @Test
  void aClosedPollWithADateAndOneClosedWithTrue() throws Exception {
    JsonArray options = new JsonArray().add(new JsonObject().put("type", "Note").put("name", "yes")
        .put("replies", new JsonObject().put("type", "Collection").put("totalItems", 4)));
    Poll byDate = PostObject.parse(note().put("type", "Question").put("oneOf", options)
        .put("closed", "2019-09-19T00:32:36.785333")).poll();
    assertTrue(byDate.closed());
    assertEquals(Instant.parse("2019-09-19T00:32:36.785333Z"), byDate.closedAt());
    assertFalse(byDate.multipleChoice());
    Poll byFlag = PostObject.parse(note().put("type", "Question").put("oneOf", options).put("closed", true)).poll();
    assertTrue(byFlag.closed());
    assertNull(byFlag.closedAt());
    assertNull(PostObject.parse(note().put("type", "Question")).poll(), "a Question without options has no poll");
  }

  private static JsonObject note() {
    return new JsonObject().put("id", "https://a.example/notes/1").put("type", "Note")
        .put("attributedTo", "https://a.example/users/a").put("content", "<p>hi</p>");
  }

  private static JsonObject without(JsonObject json, String key) {
    json.remove(key);
    return json;
  }

  static JsonObject fixture(String path) throws IOException {
    try (InputStream in = PostObjectTest.class.getResourceAsStream("/fixtures/" + path)) {
      if (in == null) {
        throw new IOException("no fixture " + path);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
