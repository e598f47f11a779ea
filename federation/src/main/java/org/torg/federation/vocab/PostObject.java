package org.torg.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A post-like object as another server sends it: a Mastodon Note, a Lemmy Page, a PeerTube Video,
 * a Plume Article, a Mastodon or Misskey Question. {@link #parse} reads what a discussion server
 * needs from the shapes peers really send, and refuses what it cannot use. Content is NOT
 * sanitized here: it is the peer's HTML (or, when {@link #mediaType} says so, Markdown), and
 * the server sanitizes it before it is stored or shown (INTEROP §7).
 *
 * <p>Scalars the peer did not send are null; lists are empty, never null.
 *
 * @param id the object's id, an http(s) URL
 * @param type the object's type as sent, one of {@link #POST_TYPES}
 * @param attributedTo the author's id: of several attributions, the first Person (PeerTube lists
 *     the channel Group and the account Person), else the first actor; null when none was sent
 * @param inReplyTo the id of the post this one answers
 * @param content the body: {@code content}, else the first {@code contentMap} value
 * @param mediaType {@code mediaType} of the content; PeerTube sends {@code text/markdown}
 * @param language the first {@code contentMap} key, else Lemmy's and PeerTube's
 *     {@code language.identifier}
 * @param name the title (Lemmy, Article, Page, a Torg thread's opening Note) or a poll vote's choice
 * @param summary the content warning (Mastodon) or a teaser (Article)
 * @param url the human-readable page for the post, preferring a text/html link
 * @param audience the Group the post belongs to (Lemmy, Mbin, FEP-1b12)
 * @param context the thread: FEP-7888 {@code context}, else the {@code conversation} Mastodon and
 *     Pleroma send (an opaque {@code tag:} URI there, so any non-blank id is kept)
 * @param replies the id of the post's replies collection
 * @param poll the Question's options and counts; null for other types
 * @param raw the object as received
 */
public record PostObject(String id, String type, String attributedTo, String inReplyTo, String content,
    String mediaType, String language, String name, String summary, boolean sensitive, Instant published,
    Instant updated, String url, List<String> to, List<String> cc, String audience, String context, String replies,
    List<Tag> tags, List<Attachment> attachments, Poll poll, JsonObject raw) {

  /**
   * The types read as posts: Mastodon's supported types (Note, Question) and those it converts to
   * a status (Article, Page, Image, Audio, Video, Event). A Tombstone is a deleted post; a
   * ChatMessage (Pleroma, Lemmy) belongs to a private chat, not to a discussion.
   */
  public static final Set<String> POST_TYPES = Set.of("Note", "Question", "Article", "Page", "Image", "Audio", "Video",
      "Event");

  /** Larger bodies are refused: no discussion post is that long, and they would cost every reader. */
  public static final int MAX_CONTENT_CHARS = 100_000;
  /** For the title, the content warning and a poll option's text. */
  public static final int MAX_TEXT_CHARS = 10_000;
  public static final int MAX_ADDRESSES = 500;
  public static final int MAX_TAGS = 200;
  public static final int MAX_ATTACHMENTS = 20;
  public static final int MAX_POLL_OPTIONS = 50;

  /** BCP 47 tags as peers write them (en, pt-BR, zh-Hant-TW); anything else is not a language. */
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");
  private static final Set<String> ACTOR_TYPES = Set.of("Person", "Service", "Application", "Organization", "Group");

  public PostObject {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    tags = List.copyOf(tags);
    attachments = List.copyOf(attachments);
  }

  /** Reads a post; throws when the document is not a post Torg can use, saying why. */
  public static PostObject parse(JsonObject json) throws InvalidObjectException {
    String type = postType(json);
    String id = PropertyValues.text(json, "id");
    if (id == null) {
      throw new InvalidObjectException("the " + type + " has no id");
    }
    if (!PropertyValues.isHttpUrl(id)) {
      throw new InvalidObjectException("the " + type + "'s id is not an http(s) URL");
    }
    String inReplyTo = PropertyValues.firstId(json.getValue("inReplyTo"));
    if (inReplyTo != null && !PropertyValues.isHttpUrl(inReplyTo)) {
      // Read as a thread's first post, a reply would land in the wrong place: refuse instead.
      throw new InvalidObjectException("inReplyTo is not an http(s) URL");
    }
    String attributedTo = author(json.getValue("attributedTo"));
    if (attributedTo != null && !PropertyValues.isHttpUrl(attributedTo)) {
      throw new InvalidObjectException("attributedTo is not an http(s) URL");
    }
    Localized localized = firstLocalized(json.getValue("contentMap"));
    String content = limit(json.getValue("content") instanceof String s ? s : localized == null ? null : localized.content(),
        MAX_CONTENT_CHARS, "content");
    String name = limit(PropertyValues.text(json, "name"), MAX_TEXT_CHARS, "name");
    String summary = limit(PropertyValues.text(json, "summary"), MAX_TEXT_CHARS, "summary");
    Addressing addressing = Addressing.of(json.getValue("to"), json.getValue("cc"), MAX_ADDRESSES);
    String context = PropertyValues.idOf(json.getValue("context"));
    if (context == null) {
      context = PropertyValues.idOf(json.getValue("conversation"));
    }
    return new PostObject(id, type, attributedTo, inReplyTo, content, PropertyValues.text(json, "mediaType"),
        language(localized, json.getValue("language")), name, summary,
        Boolean.TRUE.equals(json.getValue("sensitive")),
        Timestamps.parse(json.getValue("published")), Timestamps.parse(json.getValue("updated")),
        PropertyValues.preferredHtmlUrl(json.getValue("url")), addressing.to(), addressing.cc(),
        PropertyValues.firstId(json.getValue("audience")), context, PropertyValues.idOf(json.getValue("replies")),
        Tag.readAll(json.getValue("tag"), MAX_TAGS), Attachment.readAll(json.getValue("attachment"), MAX_ATTACHMENTS),
        "Question".equals(type) ? Poll.read(json, MAX_POLL_OPTIONS, MAX_TEXT_CHARS) : null, json);
  }

  /** True when the document's type is one {@link #parse} reads as a post. */
  public static boolean isPostType(JsonObject json) {
    return PropertyValues.typesOf(json).stream().anyMatch(POST_TYPES::contains);
  }

  public Addressing addressing() {
    return new Addressing(to, cc);
  }

  public List<Tag.Mention> mentions() {
    return tags.stream().filter(Tag.Mention.class::isInstance).map(Tag.Mention.class::cast).toList();
  }

  public List<Tag.Hashtag> hashtags() {
    return tags.stream().filter(Tag.Hashtag.class::isInstance).map(Tag.Hashtag.class::cast).toList();
  }

  public List<Tag.Emoji> emojis() {
    return tags.stream().filter(Tag.Emoji.class::isInstance).map(Tag.Emoji.class::cast).toList();
  }

  private static String postType(JsonObject json) throws InvalidObjectException {
    List<String> types = PropertyValues.typesOf(json);
    for (String type : types) {
      if (POST_TYPES.contains(type)) {
        return type;
      }
    }
    if (types.isEmpty()) {
      throw new InvalidObjectException("the object has no type");
    }
    if (types.contains("Tombstone")) {
      throw new InvalidObjectException("a Tombstone is a deleted object, not a post");
    }
    throw new InvalidObjectException("a " + types.get(0) + " is not a post");
  }

  /** The first Person among the attributions, else the first actor of another type, else the first id. */
  private static String author(Object attributedTo) {
    String firstActor = null;
    String firstId = null;
    for (Object element : PropertyValues.values(attributedTo)) {
      String id = PropertyValues.idOf(element);
      if (id == null) {
        continue;
      }
      String type = element instanceof JsonObject o ? PropertyValues.typeOf(o) : null;
      if ("Person".equals(type)) {
        return id;
      }
      if (firstActor == null && type != null && ACTOR_TYPES.contains(type)) {
        firstActor = id;
      }
      if (firstId == null) {
        firstId = id;
      }
    }
    return firstActor != null ? firstActor : firstId;
  }

  /**
   * The first {@code contentMap} entry with a string value and its key; when no value is a string
   * (Mbin sends {@code {"en": null}} for a link post) the first key is still the language.
   */
  private static Localized firstLocalized(Object contentMap) {
    if (!(contentMap instanceof JsonObject map) || map.isEmpty()) {
      return null;
    }
    for (Map.Entry<String, Object> entry : map) {
      if (entry.getValue() instanceof String text) {
        return new Localized(entry.getKey(), text);
      }
    }
    return new Localized(map.fieldNames().iterator().next(), null);
  }

  /** A {@code contentMap} entry: a language key and the content in it. */
  private record Localized(String language, String content) {}

  private static String language(Localized localized, Object language) {
    String tag = localized != null ? localized.language()
        : language instanceof JsonObject o ? PropertyValues.text(o, "identifier")
        : language instanceof String s ? s : null;
    return tag != null && LANGUAGE.matcher(tag).matches() ? tag : null;
  }

  private static String limit(String text, int max, String what) throws InvalidObjectException {
    if (text != null && text.length() > max) {
      throw new InvalidObjectException("the " + what + " is longer than " + max + " characters");
    }
    return text;
  }
}
