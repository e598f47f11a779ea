package org.torg.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.torg.federation.vocab.CorpusEntries.Entry;
import org.torg.federation.vocab.CorpusEntries.Kind;

/**
 * Every post of the shared corpus (files, objects of activities, collection items) read by
 * {@link PostObject#parse}, each compared with what its JSON says; and every other object of
 * the corpus (actors, tombstones, chat messages) refused as not a post.
 */
class CorpusPostsTest {

  /**
   * Mbin's files are snapshots of its serializers with ids and dates scrubbed: an id or inReplyTo
   * of {@code SCRUBBED_ID} is not a URL, so such a post is refused as it is, and read once more
   * with made-up URLs in their place to check everything else in it.
   */
  static final String SCRUBBED_ID = "SCRUBBED_ID";

  private static final String ANONYMOUS =
      "hand-written paging fixture whose items are anonymous Notes (no id): nothing Torg could store or refer to";

  /**
   * Posts of the corpus that are not ones a peer could send, and why; each must be refused.
   * Keyed by the start of the entry's name.
   */
  static final Map<String, String> REFUSED = Map.of(
      "fedify/collections/example.com_collection.json", ANONYMOUS,
      "fedify/collections/example.com_inline-paged-collection.json", ANONYMOUS,
      "fedify/collections/example.com_inline-paged_a.json", ANONYMOUS,
      "fedify/collections/example.com_paged_a.json", ANONYMOUS,
      "fedify/collections/example.com_paged_b.json", ANONYMOUS);

  @TestFactory
  Stream<DynamicTest> everyPostParses() {
    Path root = SharedCorpus.root();
    return CorpusEntries.of(root, Kind.POST).stream().map(entry -> dynamicTest(entry.name(), () -> checkPost(entry)));
  }

  @TestFactory
  Stream<DynamicTest> everyOtherObjectIsRefused() {
    Path root = SharedCorpus.root();
    return CorpusEntries.of(root, Kind.NOT_A_POST).stream().map(entry -> dynamicTest(entry.name(),
        () -> assertThrows(InvalidObjectException.class, () -> PostObject.parse(entry.json()))));
  }

  /** So that a change in how the corpus is walked cannot quietly drop most of it. */
  @Test
  void theCorpusHasPostsOfEveryKindTorgReads() {
    List<Entry> posts = CorpusEntries.of(SharedCorpus.root(), Kind.POST);
    assertTrue(posts.size() >= 100, "posts found: " + posts.size());
    Set<String> types = Set.copyOf(posts.stream().map(Entry::type).toList());
    assertTrue(types.containsAll(Set.of("Note", "Page", "Article", "Question", "Video", "Event")), types.toString());
  }

  @Test
  void everyRefusalNamesPostsOfTheCorpus() {
    List<Entry> posts = CorpusEntries.of(SharedCorpus.root(), Kind.POST);
    for (String prefix : REFUSED.keySet()) {
      assertTrue(posts.stream().anyMatch(p -> p.name().startsWith(prefix)), prefix + " is gone from the corpus: update REFUSED");
    }
  }

  private static void checkPost(Entry entry) throws Exception {
    JsonObject json = entry.json();
    String refusal = REFUSED.entrySet().stream().filter(r -> entry.name().startsWith(r.getKey())).map(Map.Entry::getValue)
        .findFirst().orElse(null);
    if (refusal != null) {
      assertThrows(InvalidObjectException.class, () -> PostObject.parse(json), refusal);
      return;
    }
    List<String> scrubbed = json.fieldNames().stream().filter(key -> SCRUBBED_ID.equals(json.getValue(key))).toList();
    if (scrubbed.contains("id") || scrubbed.contains("inReplyTo")) {
      assertThrows(InvalidObjectException.class, () -> PostObject.parse(json), "a scrubbed id is not a URL");
      JsonObject standIn = json.copy();
      scrubbed.forEach(key -> standIn.put(key, "https://kbin.test/scrubbed/" + key));
      check(standIn, PostObject.parse(standIn));
      return;
    }
    check(json, PostObject.parse(json));
  }

  /** What the JSON says, read plainly, against what the parser made of it. */
  private static void check(JsonObject json, PostObject post) {
    assertEquals(json.getString("id"), post.id());
    assertTrue(json.getValue("type") instanceof String t ? t.equals(post.type()) : PostObject.POST_TYPES.contains(post.type()));
    assertTrue(post.raw() == json, "the post keeps the JSON as received");
    checkAuthor(json.getValue("attributedTo"), post.attributedTo());
    checkInReplyTo(json.getValue("inReplyTo"), post.inReplyTo());
    checkContent(json, post);
    assertEquals(nonBlank(json.getValue("name")), post.name());
    assertEquals(nonBlank(json.getValue("summary")), post.summary());
    assertEquals(Boolean.TRUE.equals(json.getValue("sensitive")), post.sensitive());
    checkTime(json.getValue("published"), post.published());
    checkTime(json.getValue("updated"), post.updated());
    checkAddressing(json, post);
    checkUrl(json.getValue("url"), post.url());
    checkTags(json.getValue("tag"), post);
    checkAttachments(json.getValue("attachment"), post.attachments());
    assertEquals(json.getValue("context") instanceof String c ? c
        : json.getValue("conversation") instanceof String c ? c : null, post.context());
    assertEquals(json.getValue("replies") instanceof String r ? r
        : json.getValue("replies") instanceof JsonObject r ? r.getString("id") : null, post.replies());
    assertEquals(json.getValue("audience") instanceof String a ? a : null, post.audience());
    checkPoll(json, post.poll());
  }

  private static void checkAuthor(Object attributedTo, String author) {
    if (attributedTo instanceof String s) {
      assertEquals(s, author);
    } else if (attributedTo instanceof JsonObject o) {
      assertEquals(o.getString("id"), author);
    } else if (attributedTo instanceof JsonArray array && !array.isEmpty()) {
      // PeerTube attributes a video to its channel (Group) and account (Person): the Person is the author.
      String person = array.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
          .filter(o -> "Person".equals(o.getValue("type"))).map(o -> o.getString("id")).findFirst().orElse(null);
      Object first = array.getValue(0);
      assertEquals(person != null ? person : first instanceof JsonObject o ? o.getString("id") : first, author);
    } else {
      assertNull(author);
    }
  }

  private static void checkInReplyTo(Object inReplyTo, String parsed) {
    if (inReplyTo instanceof String s) {
      assertEquals(s, parsed);
    } else if (inReplyTo instanceof JsonObject o) {
      assertEquals(o.getString("id"), parsed);
    } else {
      assertNull(parsed);
    }
  }

  private static void checkContent(JsonObject json, PostObject post) {
    JsonObject contentMap = json.getValue("contentMap") instanceof JsonObject m ? m : new JsonObject();
    String firstValue = contentMap.stream().map(e -> e.getValue()).filter(String.class::isInstance)
        .map(String.class::cast).findFirst().orElse(null);
    if (json.getValue("content") instanceof String content) {
      assertEquals(content, post.content(), "content wins over contentMap");
    } else {
      assertEquals(firstValue, post.content(), "without content, the first contentMap value");
    }
    if (!contentMap.isEmpty()) {
      assertEquals(contentMap.fieldNames().iterator().next(), post.language(), "the first contentMap key is the language");
    }
    assertEquals(json.getValue("mediaType"), post.mediaType());
  }

  private static void checkTime(Object value, Instant parsed) {
    if (value instanceof String s && s.matches("\\d{4}-\\d\\d-\\d\\dT.*")) {
      assertNotNull(parsed, s);
      assertEquals(s.substring(0, 4), String.valueOf(parsed.atZone(java.time.ZoneOffset.UTC).getYear()));
      if (s.endsWith("Z")) {
        assertEquals(Instant.parse(s), parsed);
      }
    } else {
      assertNull(parsed, "not a date-time: " + value);
    }
  }

  private static void checkAddressing(JsonObject json, PostObject post) {
    for (String key : List.of("to", "cc")) {
      List<String> parsed = key.equals("to") ? post.to() : post.cc();
      List<Object> sent = PropertyValues.values(json.getValue(key));
      assertTrue(parsed.stream().noneMatch(a -> a.equals("as:Public") || a.equals("Public")), "Public is written in full");
      boolean sentPublic = sent.stream().anyMatch(a -> a instanceof String s && ActivityStreams.isPublic(s));
      assertEquals(sentPublic, parsed.contains(ActivityStreams.PUBLIC), key);
      assertEquals(sent.stream().filter(String.class::isInstance).map(a -> ActivityStreams.isPublic((String) a)
          ? ActivityStreams.PUBLIC : a).distinct().count(), parsed.size(), key);
    }
  }

  private static void checkUrl(Object url, String parsed) {
    if (url instanceof String s && s.startsWith("http")) {
      assertEquals(s, parsed);
    } else if (url instanceof JsonObject || url instanceof JsonArray) {
      String html = PropertyValues.values(url).stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
          .filter(link -> "text/html".equals(link.getValue("mediaType")) || "text/html".equals(link.getValue("mimeType")))
          .map(link -> link.getString("href")).findFirst().orElse(null);
      if (html != null) {
        assertEquals(html, parsed);
      } else {
        assertTrue(parsed != null && parsed.startsWith("http"), "a link of the url array: " + parsed);
      }
    } else {
      assertNull(parsed, "no http(s) url: " + url);
    }
  }

  private static void checkTags(Object tag, PostObject post) {
    List<JsonObject> tags = PropertyValues.values(tag).stream().filter(JsonObject.class::isInstance)
        .map(JsonObject.class::cast).toList();
    List<JsonObject> mentions = tags.stream().filter(t -> "Mention".equals(t.getValue("type"))).toList();
    assertEquals(mentions.size(), post.mentions().size(), "every Mention tag is a mention");
    for (int i = 0; i < mentions.size(); i++) {
      assertEquals(mentions.get(i).getString("href"), post.mentions().get(i).href());
      assertEquals(mentions.get(i).getString("name"), post.mentions().get(i).name());
    }
    List<JsonObject> hashtags = tags.stream().filter(t -> "Hashtag".equals(t.getValue("type"))).toList();
    assertEquals(hashtags.size(), post.hashtags().size(), "every Hashtag tag is a hashtag");
    for (int i = 0; i < hashtags.size(); i++) {
      assertEquals(hashtags.get(i).getString("name"), post.hashtags().get(i).name());
    }
    long emoji = tags.stream().filter(t -> "Emoji".equals(t.getValue("type"))).count();
    assertEquals(emoji, post.emojis().size(), "every Emoji tag with an icon is an emoji");
    post.emojis().forEach(e -> assertTrue(e.name().startsWith(":") && e.iconUrl().startsWith("http"), e.toString()));
  }

  private static void checkAttachments(Object attachment, List<Attachment> parsed) {
    List<JsonObject> sent = PropertyValues.values(attachment).stream().filter(JsonObject.class::isInstance)
        .map(JsonObject.class::cast).toList();
    assertEquals(sent.size(), parsed.size(), "every attachment of the corpus has an http(s) url or href");
    for (int i = 0; i < sent.size(); i++) {
      JsonObject a = sent.get(i);
      assertEquals(a.getValue("url") instanceof String u ? u : a.getString("href"), parsed.get(i).url());
      assertEquals(a.getString("type"), parsed.get(i).type());
      assertEquals(a.getValue("mediaType"), parsed.get(i).mediaType());
      assertEquals(nonBlank(a.getValue("name")), parsed.get(i).name());
    }
  }

  private static void checkPoll(JsonObject json, Poll poll) {
    if (!"Question".equals(json.getValue("type"))) {
      assertNull(poll);
      return;
    }
    assertNotNull(poll, "a Question has a poll");
    JsonArray anyOf = json.getValue("anyOf") instanceof JsonArray a && !a.isEmpty() ? a : null;
    JsonArray options = anyOf != null ? anyOf : json.getJsonArray("oneOf");
    assertEquals(anyOf != null, poll.multipleChoice());
    assertEquals(options.size(), poll.options().size());
    for (int i = 0; i < options.size(); i++) {
      JsonObject option = options.getJsonObject(i);
      assertEquals(option.getString("name"), poll.options().get(i).name());
      assertEquals(option.getJsonObject("replies").getInteger("totalItems"), poll.options().get(i).votes());
    }
    assertEquals(json.getValue("votersCount"), poll.votersCount());
    assertEquals(json.getValue("endTime") != null, poll.endTime() != null);
    assertEquals(json.getValue("closed") != null, poll.closed());
  }

  private static String nonBlank(Object value) {
    return value instanceof String s && !s.isBlank() ? s : null;
  }
}
