package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.torg.federation.vocab.ActivityStreams;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.Post;
import org.torg.server.model.ReplyPolicy;

/**
 * Torg's posts as ActivityPub: a {@code Note} (Mastodon drops the content of anything else,
 * INTEROP §4) with the title in {@code name}, the Group in {@code audience}, the thread in
 * {@code context}, and the activities that create, edit, delete, like and announce them.
 */
public final class PostDocuments {

  private final LocalUris uris;
  private final AttachmentDocuments attachments;

  public PostDocuments(LocalUris uris) {
    this.uris = uris;
    this.attachments = new AttachmentDocuments(uris);
  }

  /**
   * A local post as a Note. {@code group} is the thread's Group (null for a reply in a remote
   * thread); {@code replyItems} the first page of its direct replies (ids), {@code replyCount} all of them.
   */
  public JsonObject note(Post post, DiscussionThread thread, Actor group, List<String> mentions, List<String> replyItems,
      long replyCount) {
    return note(post, thread, group, mentions, replyItems, replyCount, null);
  }

  /** As above, advertising the thread's reply policy (null: none, for a thread hosted elsewhere). */
  public JsonObject note(Post post, DiscussionThread thread, Actor group, List<String> mentions, List<String> replyItems,
      long replyCount, ReplyPolicy policy) {
    JsonArray cc = new JsonArray();
    if (group != null) {
      cc.add(group.uri()).add(group.followersUrl());
    }
    cc.add(post.author().followersUrl());
    mentions.forEach(cc::add);
    JsonObject note = new JsonObject()
        .put("@context", ActivityStreams.objectContext())
        .put("id", post.uri())
        .put("type", "Note")
        .put("attributedTo", post.author().uri())
        .put("content", post.content())
        .put("published", time(post.published()))
        // A thread's root is read in its thread: its url is the thread's page (FEDERATION.md, "Threads").
        .put("url", post.local() && post.parentId().isEmpty() && post.inReplyToUri() == null && thread.local()
            ? thread.uri() : post.pageUrl())
        .put("to", new JsonArray().add(ActivityStreams.PUBLIC))
        .put("cc", cc)
        .put("context", thread.uri())
        .put("inReplyTo", post.inReplyToUri())
        .put("sensitive", post.sensitive())
        .put("tag", post.tags().copy())
        .put("replies", repliesCollection(post.uri(), replyItems, replyCount))
        .put("likes", new JsonObject().put("id", post.uri() + "/likes").put("type", "Collection").put("totalItems", post.likes()))
        .put("shares", new JsonObject().put("id", post.uri() + "/shares").put("type", "Collection").put("totalItems", post.shares()));
    if (post.name() != null) {
      note.put("name", post.name());
    }
    if (post.summary() != null) {
      note.put("summary", post.summary());
    }
    if (post.source() != null) {
      note.put("source", new JsonObject().put("content", post.source()).put("mediaType", "text/markdown"));
    }
    if (group != null) {
      note.put("audience", group.uri());
    }
    if (policy != null && group != null) {
      InteractionPolicies.advertise(note, policy, post.author(), group);
    }
    post.editedAt().ifPresent(at -> note.put("updated", time(at)));
    if (post.language() != null) {
      note.put("contentMap", new JsonObject().put(post.language(), post.content()));
    }
    JsonArray attached = attachments.activityPub(post.attachments());
    if (!attached.isEmpty()) {
      note.put("attachment", attached);
    }
    return note;
  }

  /** A direct-replies collection with its first page embedded, as Mastodon walks it (INTEROP §4). */
  public JsonObject repliesCollection(String postUri, List<String> firstPage, long total) {
    String id = uris.replies(postUri);
    JsonObject first = CollectionDocuments.page(id, 1, total, firstPage);
    first.remove("@context");
    return new JsonObject().put("id", id).put("type", "OrderedCollection").put("totalItems", total).put("first", first);
  }

  /** The thread's context collection (FEP-7888/f228): every post, root first, owned by the Group. */
  public JsonObject context(DiscussionThread thread, Actor group, List<String> firstPage, long total) {
    JsonObject first = CollectionDocuments.page(thread.uri(), 1, total, firstPage);
    first.remove("@context");
    JsonObject doc = new JsonObject()
        .put("@context", ActivityStreams.NS)
        .put("id", thread.uri())
        .put("type", "OrderedCollection")
        .put("totalItems", total)
        .put("first", first);
    if (group != null) {
      doc.put("attributedTo", group.uri());
      doc.put("audience", group.uri());
    }
    if (thread.title() != null) {
      doc.put("name", thread.title());
    }
    return doc;
  }

  public JsonObject create(Actor author, JsonObject note) {
    return activity("Create", author).put("object", ActivityDocuments.withoutContext(note)).put("to", note.getJsonArray("to").copy())
        .put("cc", note.getJsonArray("cc").copy()).put("published", note.getString("published"));
  }

  public JsonObject update(Actor author, JsonObject note) {
    return activity("Update", author).put("object", ActivityDocuments.withoutContext(note)).put("to", note.getJsonArray("to").copy())
        .put("cc", note.getJsonArray("cc").copy());
  }

  public JsonObject delete(Post post, JsonArray cc) {
    return activity("Delete", post.author())
        .put("object", new JsonObject().put("id", post.uri()).put("type", "Tombstone"))
        .put("to", new JsonArray().add(ActivityStreams.PUBLIC)).put("cc", cc);
  }

  /**
   * The Group shares a post with its followers (FEP-1b12). {@code object} is the post's id for
   * Mastodon-family servers, or the activity as it came (Create, Update, Delete) for Lemmy-family ones.
   */
  public JsonObject announce(Actor group, Object object) {
    Object embedded = object instanceof JsonObject o ? ActivityDocuments.withoutContext(o) : object;
    return activity("Announce", group).put("object", embedded)
        .put("to", new JsonArray().add(ActivityStreams.PUBLIC))
        .put("cc", new JsonArray().add(group.followersUrl()))
        .put("audience", group.uri());
  }

  public JsonObject like(Actor actor, Post post) {
    return activity("Like", actor).put("object", post.uri()).put("to", new JsonArray().add(post.author().uri()));
  }

  /** What a deleted post's id answers, with 410. */
  public static JsonObject tombstone(Post post) {
    return new JsonObject()
        .put("@context", ActivityStreams.NS)
        .put("id", post.uri())
        .put("type", "Tombstone")
        .put("formerType", "Note")
        .put("deleted", post.deletedAt().map(PostDocuments::time).orElse(null));
  }

  private JsonObject activity(String type, Actor actor) {
    return new JsonObject()
        .put("@context", ActivityStreams.objectContext())
        .put("id", uris.activity(UUID.randomUUID().toString()))
        .put("type", type)
        .put("actor", actor.uri());
  }

  /**
   * Milliseconds, not seconds: an edit made within a second of the post must still carry a
   * newer {@code updated}, or peers drop it (INTEROP §4).
   */
  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
