package org.torg.server.processing.posts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.Markdown;
import org.torg.server.convert.PostDocuments;
import org.torg.server.convert.QuestionDocuments;
import org.torg.server.db.ConsultationRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.PostRepository.NewPost;
import org.torg.server.db.PostRepository.Reaction;
import org.torg.server.db.PostRepository.Revision;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Post;
import org.torg.server.model.Principal;
import org.torg.server.model.ReplyPolicy;
import org.torg.server.processing.delivery.Outbox;

/**
 * What local accounts do with posts: open a thread in a Group, reply anywhere, edit, delete,
 * like. Each change and the activities it causes are written in one transaction; the Group
 * Announces what is posted in its threads.
 */
public final class LocalPosts {

  static final int MAX_TITLE = 200;
  static final int MAX_MARKDOWN = 20_000;

  private final PostRepository posts;
  private final ThreadRepository threads;
  private final ActorRepository actors;
  private final FollowRepository follows;
  private final ReplyPolicies policies;
  private final Outbox outbox;
  private final GroupAnnouncer announcer;
  private final PostDocuments documents;
  private final ActivityDocuments activities;
  private final Markdown markdown;
  private final LocalUris uris;
  private final Clock clock;
  private final ConsultationRepository consultations;
  private final org.torg.server.db.AccountMoveRepository moves;

  public LocalPosts(PostRepository posts, ThreadRepository threads, ActorRepository actors, FollowRepository follows,
      ReplyPolicies policies, Outbox outbox, GroupAnnouncer announcer, PostDocuments documents, ActivityDocuments activities,
      Markdown markdown, LocalUris uris, Clock clock, ConsultationRepository consultations,
      org.torg.server.db.AccountMoveRepository moves) {
    this.consultations = consultations;
    this.moves = moves;
    this.posts = posts;
    this.threads = threads;
    this.actors = actors;
    this.follows = follows;
    this.policies = policies;
    this.outbox = outbox;
    this.announcer = announcer;
    this.documents = documents;
    this.activities = activities;
    this.markdown = markdown;
    this.uris = uris;
    this.clock = clock;
  }

  /** A new thread in a Group: its root post, sent as a Create and Announced by the Group. */
  public Future<Post> openThread(Principal author, LocalGroup group, String rawTitle, String source) {
    return openThread(author, group, rawTitle, source, ThreadExtras.NONE);
  }

  /**
   * What a consultation adds to a new thread: rows written in the thread's transaction (the
   * root's Note is then sent as a Question when a poll was stored with it).
   */
  public interface ThreadExtras {
    ThreadExtras NONE = new ThreadExtras() {};

    default Future<Void> alongside(SqlConnection tx, long threadId, long rootPostId) {
      return Future.succeededFuture();
    }
  }

  /** A new thread with what {@code extras} adds, in the same transaction. */
  public Future<Post> openThread(Principal author, LocalGroup group, String rawTitle, String source, ThreadExtras extras) {
    String title = rawTitle == null ? "" : rawTitle.strip();
    if (title.isEmpty() || title.length() > MAX_TITLE) {
      return Future.failedFuture(new HttpError(422, "invalid_title", "A title has 1 to " + MAX_TITLE + " characters."));
    }
    return checkSource(source)
        .compose(ok -> notMoved(author.account().actor()))
        .compose(ok -> policies.mayOpenThread(author, group))
        .compose(ok -> announcer.plan(group.actor()))
        .compose(plan -> {
          Markdown.Rendered rendered = markdown.render(source);
          Instant now = clock.instant();
          Actor writer = author.account().actor();
          return outbox.inTransaction(tx -> threads.reserveId(tx).compose(threadId -> posts.reserveId(tx).compose(postId -> {
            String threadUri = uris.thread(threadId);
            NewPost root = new NewPost(postId, uris.post(postId), null, threadId, null, null, writer.id(), true, title, null,
                rendered.html(), source, author.account().defaultLanguage(), false, rendered.tags(), now);
            return threads.insert(tx, threadId, threadUri, group.actor().id(), title, true, now)
                .compose(v -> posts.insert(tx, root))
                .compose(v -> threads.setRoot(tx, threadId, postId))
                .compose(v -> extras.alongside(tx, threadId, postId))
                .compose(v -> publish(tx, postId, plan, List.of()));
          })));
        });
  }

  /** A reply to any post Torg has: in a Group's thread (the Group's reply policy decides) or in a remote thread. */
  public Future<Post> reply(Principal author, Post parent, String source) {
    return reply(author, parent, source, null, ReplyExtras.NONE);
  }

  /**
   * What a reply may carry besides its text: Mention tags of more actors (each also addressed and
   * sent the Create, so their servers notify them), and rows written in the reply's transaction.
   */
  public record ReplyExtras(List<Mentioned> mentions, java.util.function.BiFunction<SqlConnection, Long, Future<Void>> alongside) {
    public static final ReplyExtras NONE = new ReplyExtras(List.of(), (tx, id) -> Future.succeededFuture());
  }

  /** An actor a post mentions. */
  public record Mentioned(Actor actor) {}

  /**
   * A reply with a stance ({@code for}, {@code against}, {@code amendment}; null: none, or the one
   * its text starts with). The stance federates as the text's leading hashtag (FEDERATION.md,
   * "Consultations"), so it is prepended when the text does not already start with it.
   */
  public Future<Post> reply(Principal author, Post parent, String rawSource, String stance, ReplyExtras extras) {
    String source = rawSource;
    if (stance != null && rawSource != null && !Stances.leading(rawSource).map(stance::equals).orElse(false)) {
      source = "#" + stance + " " + rawSource;
    }
    String withStance = source;
    String finalStance = source == null ? null : Stances.leading(source).orElse(null);
    return replyWith(Optional.of(author), author.account().actor(), parent, withStance, finalStance, extras);
  }

  /**
   * A reply written by a local Group itself, not by a person: no reply policy applies (the Group
   * speaks for itself). How a branch enters a party-wide consultation of its hub.
   */
  public Future<Post> replyAsGroup(Actor group, Post parent, String source, ReplyExtras extras) {
    if (!group.local() || group.type() != org.torg.server.model.ActorType.Group) {
      return Future.failedFuture(new IllegalArgumentException("not a local Group: " + group.uri()));
    }
    return replyWith(Optional.empty(), group, parent, source, null, extras);
  }

  /** A person who moved their account elsewhere writes there from then on (README "Export, import and moving"). */
  private Future<Void> notMoved(Actor writer) {
    return moves.movedTo(writer.id()).compose(moved -> moved.isEmpty() ? Future.succeededFuture()
        : Future.failedFuture(new HttpError(403, "account_moved",
            "This account moved to " + moved.get().targetUri() + "; it cannot post any more.")));
  }

  /** {@code author} empty: the writer is a local Group, and no person's permission is checked. */
  private Future<Post> replyWith(Optional<Principal> author, Actor writer, Post parent, String source, String stance,
      ReplyExtras extras) {
    if (parent.deleted()) {
      return Future.failedFuture(new HttpError(409, "parent_deleted", "That post was deleted."));
    }
    return checkSource(source)
        .compose(ok -> notMoved(writer))
        .compose(ok -> threads.findById(parent.threadId()).map(Optional::orElseThrow))
        .compose(thread -> groupOf(thread).compose(group -> (author.isEmpty() ? Future.<Void>succeededFuture()
                : policies.mayReply(author.get(), thread, group))
            .compose(ok -> announcer.plan(group.orElse(null)))).compose(plan -> {
          Actor group = plan.group();
          Markdown.Rendered rendered = markdown.render(source);
          Instant now = clock.instant();
          JsonArray tags = rendered.tags().copy();
          List<String> mentioned = new ArrayList<>();
          if (!parent.author().local()) {
            // Replying to a remote post mentions its author, so their server notifies them (INTEROP §4).
            tags.add(new JsonObject().put("type", "Mention").put("href", parent.author().uri()).put("name", parent.author().handle()));
            mentioned.add(parent.author().uri());
          }
          List<Actor> alsoTo = new ArrayList<>();
          if (!parent.author().local()) {
            alsoTo.add(parent.author());
          }
          for (Mentioned m : extras.mentions()) {
            if (!mentioned.contains(m.actor().uri())) {
              tags.add(new JsonObject().put("type", "Mention").put("href", m.actor().uri()).put("name", m.actor().handle()));
              mentioned.add(m.actor().uri());
              if (!m.actor().local()) {
                alsoTo.add(m.actor());
              }
            }
          }
          return outbox.inTransaction(tx -> posts.reserveId(tx).compose(postId -> {
            NewPost reply = new NewPost(postId, uris.post(postId), null, thread.id(), parent.id(), parent.uri(), writer.id(), true,
                null, null, rendered.html(), source, author.map(p -> p.account().defaultLanguage()).orElse(null), false, tags, now);
            return posts.insert(tx, reply)
                .compose(v -> stance == null ? Future.succeededFuture() : posts.setStance(tx, postId, stance))
                .compose(v -> threads.countReply(tx, thread.id(), 1, now))
                .compose(v -> extras.alongside().apply(tx, postId))
                .compose(v -> publish(tx, postId, plan, alsoTo));
          }));
        }));
  }

  /** The author edits their post; the old text goes to its history, the edit federates as an Update. */
  public Future<Post> edit(Principal editor, Post post, String source, String rawTitle) {
    if (!post.local() || post.author().id() != editor.account().actor().id()) {
      return Future.failedFuture(new HttpError(403, "forbidden", "Only its author may edit a post."));
    }
    if (post.deleted()) {
      return Future.failedFuture(new HttpError(410, "gone", "That post was deleted."));
    }
    String title = post.name() == null ? null : rawTitle == null ? post.name() : rawTitle.strip();
    if (title != null && (title.isEmpty() || title.length() > MAX_TITLE)) {
      return Future.failedFuture(new HttpError(422, "invalid_title", "A title has 1 to " + MAX_TITLE + " characters."));
    }
    return checkSource(source).compose(ok -> threads.findById(post.threadId()).map(Optional::orElseThrow))
        .compose(thread -> groupOf(thread).compose(group -> policies.effectiveFor(thread, group.orElse(null)).compose(policy ->
            announcer.plan(group.orElse(null)).compose(plan -> {
          Markdown.Rendered rendered = markdown.render(source);
          JsonArray tags = rendered.tags().copy();
          post.tags().stream().filter(t -> t instanceof JsonObject o && "Mention".equals(o.getString("type"))).forEach(tags::add);
          Instant now = clock.instant();
          return outbox.inTransaction(tx -> posts.revise(tx, post.id(), new Revision(title, post.summary(), rendered.html(), source,
                  tags, now))
              .compose(v -> title != null && !title.equals(post.name()) && thread.rootPostId().orElse(-1L) == post.id()
                  ? threads.retitle(tx, thread.id(), title) : Future.succeededFuture())
              .compose(v -> posts.findById(tx, post.id()).map(Optional::orElseThrow))
              .compose(edited -> recipients(tx, edited, group.orElse(null)).compose(inboxes ->
                  asPublished(tx, edited, noteOf(edited, thread, group.orElse(null), policy)).compose(note -> {
                JsonObject update = documents.update(edited.author(), note);
                return outbox.send(tx, edited.author(), update, inboxes)
                    .compose(v -> announcer.announce(tx, plan, edited.uri(), update, inboxes));
              })).map(edited)));
        }))));
  }

  /** The author deletes a post: it becomes a tombstone, and the Delete federates. */
  public Future<Void> delete(Principal by, Post post) {
    if (!post.local() || post.author().id() != by.account().actor().id()) {
      return Future.failedFuture(new HttpError(403, "forbidden", "Only its author may delete a post."));
    }
    return remove(post, tx -> Future.succeededFuture());
  }

  /**
   * Deletes a local post as its author would (a moderator's removal): the tombstone, the author's
   * Delete and the Group's Announce of it. {@code alongside} runs in the same transaction (the
   * moderation log entry).
   */
  public Future<Void> remove(Post post, java.util.function.Function<SqlConnection, Future<?>> alongside) {
    return removal(post).compose(removal -> outbox.inTransaction(tx -> removal.apply(tx).compose(v -> alongside.apply(tx))))
        .mapEmpty();
  }

  /** As {@link #remove(Post, java.util.function.Function)}, in the caller's transaction (a report's resolution). */
  public Future<Void> remove(SqlConnection tx, Post post) {
    return removal(post).compose(removal -> removal.apply(tx));
  }

  /** Reads what a removal needs, then gives the writes to run in a transaction. */
  private Future<java.util.function.Function<SqlConnection, Future<Void>>> removal(Post post) {
    if (post.deleted()) {
      return Future.failedFuture(new HttpError(410, "gone", "That post was already deleted."));
    }
    return threads.findById(post.threadId()).map(Optional::orElseThrow).compose(thread -> groupOf(thread).compose(group ->
        announcer.plan(group.orElse(null)).map(plan -> tx -> recipients(tx, post, group.orElse(null))
            .compose(inboxes -> {
              JsonObject delete = documents.delete(post, ccOf(post, group.orElse(null)));
              return posts.markDeleted(tx, post.id())
                  .compose(changed -> post.parentId().isPresent() ? threads.countReply(tx, thread.id(), -1, clock.instant())
                      : Future.succeededFuture())
                  .compose(v -> outbox.send(tx, post.author(), delete, inboxes))
                  .compose(v -> announcer.announce(tx, plan, post.uri(), delete, inboxes)).<Void>mapEmpty();
            }))));
  }

  /** Likes a post (idempotent); a remote author's server hears of it. */
  public Future<Void> like(Principal by, Post post) {
    Actor liker = by.account().actor();
    JsonObject like = documents.like(liker, post);
    return outbox.inTransaction(tx -> posts.addReaction(tx, post.id(), liker.id(), Reaction.like, like.getString("id"))
        .compose(added -> added && !post.author().local()
            ? outbox.send(tx, liker, like, List.of(post.author().deliveryInbox())).mapEmpty()
            : Future.succeededFuture()));
  }

  public Future<Void> unlike(Principal by, Post post) {
    Actor liker = by.account().actor();
    return outbox.inTransaction(tx -> posts.removeReaction(tx, post.id(), liker.id(), Reaction.like).compose(removed -> {
      if (removed.isEmpty() || post.author().local()) {
        return Future.succeededFuture();
      }
      JsonObject like = new JsonObject().put("id", removed.get()).put("type", "Like").put("actor", liker.uri())
          .put("object", post.uri());
      return outbox.send(tx, liker, activities.undo(liker, like, post.author().uri()), List.of(post.author().deliveryInbox()))
          .mapEmpty();
    }));
  }

  /** Stores nothing more: builds the Note, sends the Create to whoever should have it, and has the Group Announce it. */
  private Future<Post> publish(SqlConnection tx, long postId, GroupAnnouncer.Plan plan, List<Actor> alsoTo) {
    Actor group = plan.group();
    return posts.findById(tx, postId).map(Optional::orElseThrow).compose(post -> threads.findById(tx, post.threadId())
        .map(Optional::orElseThrow)
        .compose(thread -> policies.effectiveFor(thread, group).map(policy -> noteOf(post, thread, group, policy)))
        .compose(note -> asPublished(tx, post, note))
        .compose(note -> recipients(tx, post, null).compose(inboxes -> {
          Set<String> all = new LinkedHashSet<>(inboxes);
          alsoTo.forEach(a -> all.add(a.deliveryInbox()));
          if (group != null && !group.local()) {
            // A Group elsewhere hosts the thread: it must have the reply to pass it on.
            all.add(group.deliveryInbox());
          }
          JsonObject create = documents.create(post.author(), note);
          return outbox.send(tx, post.author(), create, all)
              .compose(v -> announcer.announce(tx, plan, post.uri(), create, all));
        }))
        .map(post));
  }

  /**
   * Sends a local post's current state as an Update to everyone who has it and to
   * {@code alsoTo}: how a closed poll's final counts reach its voters.
   */
  public Future<Void> resend(SqlConnection tx, Post post, java.util.Collection<String> alsoTo) {
    return threads.findById(tx, post.threadId()).map(Optional::orElseThrow).compose(thread -> groupOf(thread).compose(group ->
        policies.effectiveFor(thread, group.orElse(null)).compose(policy -> announcer.plan(group.orElse(null)).compose(plan ->
            recipients(tx, post, group.orElse(null)).compose(inboxes ->
                asPublished(tx, post, noteOf(post, thread, group.orElse(null), policy)).compose(note -> {
                  Set<String> all = new LinkedHashSet<>(inboxes);
                  all.addAll(alsoTo);
                  JsonObject update = documents.update(post.author(), note);
                  return outbox.send(tx, post.author(), update, all)
                      .compose(v -> announcer.announce(tx, plan, post.uri(), update, all));
                })))))).mapEmpty();
  }

  /**
   * A poll's root post goes out as a Question with its counts; every other post as the Note it is.
   * A party-wide consultation's root says so ({@code partyWide}), which is what its hub's branches act on.
   */
  public Future<JsonObject> asPublished(io.vertx.sqlclient.SqlClient tx, Post post, JsonObject note) {
    if (post.parentId().isPresent()) {
      return Future.succeededFuture(note);
    }
    return consultations.isPartyWide(tx, post.threadId()).compose(partyWide -> {
      if (partyWide) {
        note.put("partyWide", true);
      }
      return consultations.poll(tx, post.threadId()).map(poll -> poll.filter(p -> p.postId() == post.id())
          .map(p -> QuestionDocuments.question(note, p)).orElse(note));
    });
  }

  /** The Note as sent in a Create or Update: a new or edited post's replies are not listed in it. */
  private JsonObject noteOf(Post post, DiscussionThread thread, Actor group, ReplyPolicy policy) {
    return documents.note(post, thread, group, post.mentionedActors(), List.of(), 0, policy);
  }

  /**
   * The author's remote followers and, for a reply, the parent's author. With a Group, its
   * followers' servers too: they have the post through the Group's Announce, and an Update or
   * Delete must reach them (a new post reaches them through the Announce alone, so pass null).
   */
  private Future<List<String>> recipients(SqlConnection tx, Post post, Actor group) {
    Future<List<String>> followers = follows.remoteFollowerInboxes(tx, post.author().id());
    Future<List<String>> groupFollowers = group == null ? Future.succeededFuture(List.of())
        : group.local() ? follows.remoteFollowerInboxes(tx, group.id()) : Future.succeededFuture(List.of(group.deliveryInbox()));
    Future<Optional<Post>> parent = post.parentId().isPresent() ? posts.findById(tx, post.parentId().get())
        : Future.succeededFuture(Optional.empty());
    return followers.compose(f -> groupFollowers.compose(g -> parent.map(p -> {
      Set<String> all = new LinkedHashSet<>(f);
      all.addAll(g);
      p.filter(pp -> !pp.author().local()).ifPresent(pp -> all.add(pp.author().deliveryInbox()));
      return List.copyOf(all);
    })));
  }

  private JsonArray ccOf(Post post, Actor group) {
    JsonArray cc = new JsonArray();
    if (group != null) {
      cc.add(group.uri()).add(group.followersUrl());
    }
    return cc.add(post.author().followersUrl());
  }

  private Future<Optional<Actor>> groupOf(DiscussionThread thread) {
    return thread.groupId().isEmpty() ? Future.succeededFuture(Optional.empty()) : actors.findById(thread.groupId().get());
  }

  private static Future<Void> checkSource(String source) {
    if (source == null || source.isBlank() || source.length() > MAX_MARKDOWN) {
      return Future.failedFuture(new HttpError(422, "invalid_content", "A post has 1 to " + MAX_MARKDOWN + " characters."));
    }
    return Future.succeededFuture();
  }
}
