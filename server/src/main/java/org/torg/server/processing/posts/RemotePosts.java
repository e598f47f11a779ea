package org.torg.server.processing.posts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.owasp.encoder.Encode;
import org.torg.federation.vocab.InvalidObjectException;
import org.torg.federation.vocab.PostObject;
import org.torg.federation.vocab.Tag;
import org.torg.server.convert.ApToModel;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.RemoteHtml;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.db.HeldPostRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.PostRepository.NewPost;
import org.torg.server.db.PostRepository.Revision;
import org.torg.server.db.ThreadRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Post;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.media.RemoteAttachments;
import org.torg.server.processing.remote.RemoteActors;
import org.torg.server.processing.remote.RemoteFetches;

/**
 * Posts from other servers: replies into Torg's threads, new threads addressed to a Group, and
 * the posts of remote threads someone here follows. Each is checked (the author wrote it, on the
 * author's own server), sanitized (INTEROP §7), placed in its thread (its missing ancestors
 * fetched from their origin, at most {@link #MAX_ANCESTORS}), admitted by the Group's reply
 * policy, stored, and Announced by the Group to its followers.
 */
public final class RemotePosts {

  /** How far up a reply chain Torg fetches to find where a reply belongs. */
  public static final int MAX_ANCESTORS = 20;
  private static final int MAX_TITLE = 200;

  /** What became of a post: the outcome recorded for its activity, and the post when it was stored. */
  public record Outcome(String code, Optional<Post> post) {

    static Outcome of(String code) {
      return new Outcome(code, Optional.empty());
    }
  }

  /** Where a post goes: its thread (new or known), its parent, the local Group hosting it. */
  private record Placement(Optional<DiscussionThread> thread, Optional<Post> parent, Optional<LocalGroup> newThreadGroup,
      Optional<Actor> remoteGroup) {}

  private final PostRepository posts;
  private final ThreadRepository threads;
  private final ActorRepository actors;
  private final FollowRepository follows;
  private final GroupProfileRepository groups;
  private final RemoteActors remoteActors;
  private final RemoteFetches fetches;
  private final ReplyPolicies policies;
  private final GroupAnnouncer announcer;
  private final Outbox outbox;
  private final LocalUris uris;
  private final String localAuthority;
  private final Clock clock;
  private final HeldPostRepository held;
  /** Posts mentioning more actors are refused in Torg's threads; 0: no cap. */
  private final int maxMentions;

  private final RemoteAttachments attachments;

  public RemotePosts(PostRepository posts, ThreadRepository threads, ActorRepository actors, FollowRepository follows,
      GroupProfileRepository groups, RemoteActors remoteActors, RemoteFetches fetches, ReplyPolicies policies,
      GroupAnnouncer announcer, Outbox outbox, LocalUris uris, String localAuthority, Clock clock, HeldPostRepository held,
      int maxMentions, RemoteAttachments attachments) {
    this.attachments = attachments;
    this.held = held;
    this.maxMentions = maxMentions;
    this.posts = posts;
    this.threads = threads;
    this.actors = actors;
    this.follows = follows;
    this.groups = groups;
    this.remoteActors = remoteActors;
    this.fetches = fetches;
    this.policies = policies;
    this.announcer = announcer;
    this.outbox = outbox;
    this.uris = uris;
    this.localAuthority = localAuthority;
    this.clock = clock;
  }

  /**
   * A post a peer sent us (in a Create, or fetched for an Announce): stored when it belongs here.
   * {@code activity} is the Create as received (the Group relays it to Lemmy-family followers), or
   * null. {@code wanted}: someone here asked for it (an Announce from a followed Group, a lookup).
   */
  public Future<Outcome> receive(PostObject note, Actor author, JsonObject activity, boolean wanted) {
    Optional<String> unfit = unfit(note, author);
    if (unfit.isPresent()) {
      return Future.succeededFuture(Outcome.of("ignored:" + unfit.get()));
    }
    return posts.findByUri(note.id()).compose(known -> {
      if (known.isPresent()) {
        return Future.succeededFuture(new Outcome("ignored:already_stored", known));
      }
      return place(note, author, wanted, 0, null).compose(placement -> {
        if (placement.isEmpty()) {
          return Future.succeededFuture(Outcome.of("ignored:not_related_to_this_instance"));
        }
        return admit(placement.get(), author).compose(admission -> {
          if (admission.group().isPresent() && maxMentions > 0 && note.mentions().size() > maxMentions) {
            // A spam wave's post mentions many people, to reach them through the Group's Announce.
            return reject(admission.group().get(), author, activity, note, "too_many_mentions");
          }
          if (admission.refusal().isPresent()) {
            return reject(admission.group().orElseThrow(), author, activity, note, admission.refusal().get());
          }
          return admission.group().isEmpty() || activity == null ? store(note, author, placement.get(), activity)
              : holdIfNew(admission.group().get(), note, author, activity).compose(held -> held
                  ? Future.succeededFuture(Outcome.of("held_for_moderation"))
                  : store(note, author, placement.get(), activity));
        });
      });
    });
  }

  /**
   * A held post a moderator approved: placed and stored as if it had just arrived, and Announced.
   * The reply policy was checked when it arrived.
   */
  public Future<Outcome> approveHeld(PostObject note, Actor author, JsonObject activity) {
    return posts.findByUri(note.id()).compose(known -> known.isPresent()
        ? Future.succeededFuture(new Outcome("ignored:already_stored", known))
        : place(note, author, true, 0, null).compose(placement -> placement.isEmpty()
            ? Future.succeededFuture(Outcome.of("ignored:thread_gone"))
            : store(note, author, placement.get(), activity)));
  }

  /** The Group refuses a post: it is not stored nor Announced, and its author's server gets a Reject of the Create. */
  public Future<Outcome> reject(LocalGroup group, Actor author, JsonObject activity, PostObject note, String why) {
    Outcome outcome = Outcome.of("rejected:" + why);
    if (activity == null) {
      return Future.succeededFuture(outcome);
    }
    JsonObject create = new JsonObject().put("id", activity.getString("id")).put("type", "Create").put("actor", author.uri())
        .put("object", note.id());
    JsonObject reject = new JsonObject()
        .put("@context", org.torg.federation.vocab.ActivityStreams.NS)
        .put("id", uris.activity(java.util.UUID.randomUUID().toString()))
        .put("type", "Reject")
        .put("actor", group.actor().uri())
        .put("object", create)
        .put("target", note.id())
        .put("to", new JsonArray().add(author.uri()));
    return outbox.inTransaction(tx -> outbox.send(tx, group.actor(), reject, List.of(author.deliveryInbox()))).map(outcome);
  }

  /** Pre-moderation: the first post of an actor new to a Group that asks for it waits for a moderator. */
  private Future<Boolean> holdIfNew(LocalGroup group, PostObject note, Actor author, JsonObject activity) {
    return groups.premoderated(group.actor().id()).compose(on -> !on ? Future.succeededFuture(false)
        : posts.hasPostInGroup(author.id(), group.actor().id()).compose(known -> known ? Future.succeededFuture(false)
            : held.insert(group.actor().id(), author.id(), note.id(), note.raw(), activity).map(true)));
  }

  /** Fetches a post from its origin and stores it: for an Announce of an id, a lookup. */
  public Future<Post> fetch(String uri, boolean wanted) {
    return posts.findByUri(uri).compose(known -> known.isPresent() ? Future.succeededFuture(known.get())
        : fetchAndReceive(uri, wanted, 0, null).map(outcome -> outcome.post()
            .orElseThrow(() -> new IllegalStateException("not stored: " + outcome.code()))));
  }

  /** A post fetched from its origin (its id is the URL it came from) because someone here looked it up. */
  public Future<Outcome> receiveLookedUp(JsonObject fetched) {
    return fromDocument(fetched, true, 0, null);
  }

  /**
   * A post fetched from its origin (its id is the URL it came from), stored only if it belongs in
   * thread {@code threadId}: for a backfill, where a collection that lists unrelated posts must
   * not fill the database with them. Its missing ancestors are fetched under the same condition.
   */
  public Future<Outcome> receiveInto(JsonObject fetched, long threadId) {
    return fromDocument(fetched, true, 0, threadId);
  }

  private Future<Outcome> fetchAndReceive(String uri, boolean wanted, int depth, Long intoThread) {
    URI url;
    try {
      url = URI.create(uri);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Outcome.of("ignored:bad_id"));
    }
    return fetches.fetchJson(url).compose(doc -> fromDocument(doc.json(), wanted, depth, intoThread));
  }

  private Future<Outcome> fromDocument(JsonObject doc, boolean wanted, int depth, Long intoThread) {
    PostObject note;
    try {
      note = PostObject.parse(doc);
    } catch (InvalidObjectException e) {
      return Future.succeededFuture(Outcome.of("ignored:not_a_post"));
    }
    if (note.attributedTo() == null) {
      return Future.succeededFuture(Outcome.of("ignored:no_author"));
    }
    return posts.findByUri(note.id()).compose(known -> known.isPresent()
        ? Future.succeededFuture(new Outcome("ignored:already_stored", known))
        : remoteActors.resolve(note.attributedTo()).compose(author -> {
          Optional<String> unfit = unfit(note, author);
          if (unfit.isPresent()) {
            return Future.succeededFuture(Outcome.of("ignored:" + unfit.get()));
          }
          return place(note, author, wanted, depth, intoThread).compose(placement -> {
            if (placement.isEmpty()) {
              return Future.succeededFuture(Outcome.of("ignored:not_related_to_this_instance"));
            }
            if (intoThread != null && placement.get().thread().map(t -> t.id() != intoThread).orElse(true)) {
              return Future.succeededFuture(Outcome.of("ignored:not_in_this_thread"));
            }
            return store(note, author, placement.get(), null);
          });
        }));
  }

  /**
   * Why a post does not belong in a public discussion: it is not on its author's server, it is
   * not public (a direct or followers-only message must not appear in a thread everyone reads),
   * or it is a poll vote (a Note naming the option, without content; votes are counted, not shown).
   */
  private static Optional<String> unfit(PostObject note, Actor author) {
    if (!ApToModel.sameAuthority(note.id(), author.uri())) {
      return Optional.of("object_not_on_the_authors_server");
    }
    if (!note.addressing().isPublic()) {
      return Optional.of("not_public");
    }
    if (note.inReplyTo() != null && note.name() != null && (note.content() == null || note.content().isBlank())) {
      return Optional.of("poll_vote");
    }
    return Optional.empty();
  }

  /** Where the post goes; empty when nothing here relates to it. */
  private Future<Optional<Placement>> place(PostObject note, Actor author, boolean wanted, int depth, Long intoThread) {
    Future<Optional<Post>> parent = note.inReplyTo() == null ? Future.succeededFuture(Optional.empty())
        : posts.findByUri(note.inReplyTo()).compose(found -> found.isPresent() || depth >= MAX_ANCESTORS
            ? Future.succeededFuture(found)
            : related(note, author, wanted).compose(related -> !related ? Future.succeededFuture(Optional.<Post>empty())
                : fetchAndReceive(note.inReplyTo(), true, depth + 1, intoThread).map(Outcome::post)
                    .recover(e -> Future.succeededFuture(Optional.empty()))));
    return parent.compose(p -> {
      if (p.isPresent()) {
        return threads.findById(p.get().threadId()).map(t -> Optional.of(new Placement(t, p, Optional.empty(), Optional.empty())));
      }
      Future<Optional<DiscussionThread>> byContext = note.context() == null ? Future.succeededFuture(Optional.empty())
          : threads.findByUri(note.context());
      return byContext.compose(thread -> {
        if (thread.isPresent()) {
          return Future.succeededFuture(Optional.of(new Placement(thread, Optional.empty(), Optional.empty(), Optional.empty())));
        }
        return addressedGroup(note).compose(group -> {
          if (group.isPresent() && note.inReplyTo() == null) {
            return Future.succeededFuture(Optional.of(new Placement(Optional.empty(), Optional.empty(), group, Optional.empty())));
          }
          return related(note, author, wanted).compose(related -> !related
              ? Future.succeededFuture(Optional.<Placement>empty())
              : remoteGroupOf(note).map(rg -> Optional.of(new Placement(Optional.empty(), Optional.empty(), Optional.empty(), rg))));
        });
      });
    });
  }

  /** Someone here asked for it, follows its author, or it names an actor of this instance. */
  private Future<Boolean> related(PostObject note, Actor author, boolean wanted) {
    if (wanted) {
      return Future.succeededFuture(true);
    }
    boolean namesLocal = note.to().stream().anyMatch(this::isLocal) || note.cc().stream().anyMatch(this::isLocal)
        || note.mentions().stream().anyMatch(m -> isLocal(m.href()))
        || (note.audience() != null && isLocal(note.audience()));
    return namesLocal ? Future.succeededFuture(true) : follows.hasLocalFollower(author.id());
  }

  /** A local Group the post is addressed to, in audience, to, cc or a mention. */
  private Future<Optional<LocalGroup>> addressedGroup(PostObject note) {
    List<String> candidates = new ArrayList<>();
    if (note.audience() != null) {
      candidates.add(note.audience());
    }
    candidates.addAll(note.to());
    candidates.addAll(note.cc());
    note.mentions().forEach(m -> candidates.add(m.href()));
    Future<Optional<LocalGroup>> found = Future.succeededFuture(Optional.empty());
    for (String uri : candidates.stream().filter(this::isLocal).distinct().toList()) {
      found = found.compose(f -> f.isPresent() ? Future.succeededFuture(f)
          : actors.findByUri(uri).compose(a -> a.isEmpty() || !a.get().local()
              ? Future.succeededFuture(Optional.<LocalGroup>empty()) : groups.findByActorId(a.get().id())));
    }
    return found;
  }

  /** The Group on another server that hosts a remote thread, when it is one Torg knows. */
  private Future<Optional<Actor>> remoteGroupOf(PostObject note) {
    if (note.audience() == null || isLocal(note.audience())) {
      return Future.succeededFuture(Optional.empty());
    }
    return actors.findByUri(note.audience()).map(a -> a.filter(actor -> actor.type() == org.torg.server.model.ActorType.Group));
  }

  /** The local Group hosting the post (none: a remote thread) and, when it refuses the post, why. */
  private record Admission(Optional<LocalGroup> group, Optional<String> refusal) {}

  private Future<Admission> admit(Placement placement, Actor author) {
    Future<Optional<LocalGroup>> group = placement.newThreadGroup().isPresent()
        ? Future.succeededFuture(placement.newThreadGroup())
        : placement.thread().flatMap(DiscussionThread::groupId).map(groups::findByActorId)
            .orElse(Future.succeededFuture(Optional.empty()));
    return group.compose(g -> g.isEmpty() ? Future.succeededFuture(new Admission(g, Optional.empty()))
        : policies.refusalOfRemote(g.get(), placement.thread(), author).map(refusal -> new Admission(g, refusal)));
  }

  private Future<Outcome> store(PostObject note, Actor author, Placement placement, JsonObject activity) {
    Instant now = clock.instant();
    Instant published = note.published() != null && note.published().isBefore(now) ? note.published() : now;
    Future<Optional<Actor>> hostingGroup = placement.newThreadGroup().isPresent()
        ? Future.succeededFuture(placement.newThreadGroup().map(LocalGroup::actor))
        : placement.thread().flatMap(DiscussionThread::groupId).map(actors::findById)
            .orElse(Future.succeededFuture(Optional.empty()));
    return hostingGroup.compose(group -> announcer.plan(group.orElse(null)).compose(plan -> outbox.inTransaction(tx -> {
      Future<Long> threadId = placement.thread().isPresent() ? Future.succeededFuture(placement.thread().get().id())
          : threads.reserveId(tx).compose(id -> {
            boolean ours = placement.newThreadGroup().isPresent();
            String uri = ours ? uris.thread(id) : note.context() != null ? note.context() : note.id();
            // Boxed on both sides: a remote thread without a known Group has none (null).
            Long groupId = ours ? Long.valueOf(placement.newThreadGroup().get().actor().id())
                : placement.remoteGroup().map(Actor::id).orElse(null);
            return threads.insert(tx, id, uri, groupId, title(note), ours, published).map(id);
          });
      return threadId.compose(tid -> posts.reserveId(tx).compose(postId -> {
        NewPost row = new NewPost(postId, note.id(), note.url() != null && !note.url().equals(note.id()) ? note.url() : null, tid,
            placement.parent().map(Post::id).orElse(null), note.inReplyTo(), author.id(), false, title(note), plain(note.summary()),
            html(note), null, note.language(), note.sensitive(), tags(note), published);
        boolean reply = placement.thread().isPresent();
        // A reply's stance federates as the hashtag its text starts with (FEDERATION.md, "Consultations").
        Optional<String> stance = reply ? Stances.leadingInHtml(row.content()) : Optional.empty();
        return posts.insert(tx, row)
            .compose(v -> attachments.store(tx, postId, note))
            .compose(v -> stance.isEmpty() ? Future.succeededFuture() : posts.setStance(tx, postId, stance.get()))
            .compose(v -> reply ? threads.countReply(tx, tid, 1, now) : threads.setRoot(tx, tid, postId))
            .compose(v -> activity == null || plan.inboxes().isEmpty() ? Future.succeededFuture()
                : announcer.announce(tx, plan, note.id(), activity, List.of(author.deliveryInbox())))
            .compose(v -> posts.findById(tx, postId)).map(Optional::orElseThrow);
      }));
    }))).map(post -> new Outcome(post.parentId().isPresent() ? "reply_stored" : "post_stored", Optional.of(post)))
        // The same post arriving twice at once (a backfill beside a delivery, two ancestors fetches):
        // the second insert loses to the unique id, and the post stored by the first is the answer.
        .recover(e -> ActorRepository.isUniqueViolation(e)
            ? posts.findByUri(note.id()).map(found -> new Outcome("ignored:already_stored", found))
            : Future.failedFuture(e));
  }

  /** An edit from the author: applied when it is newer than what is stored (INTEROP §4). */
  public Future<String> update(PostObject note, Actor author, JsonObject activity) {
    return posts.findByUri(note.id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture("ignored:unknown_post");
      }
      Post post = found.get();
      if (post.local() || post.author().id() != author.id()) {
        return Future.succeededFuture("ignored:not_the_authors_post");
      }
      if (post.deleted()) {
        return Future.succeededFuture("ignored:deleted");
      }
      Instant current = post.editedAt().orElse(post.published());
      if (note.updated() == null || !note.updated().isAfter(current)) {
        return Future.succeededFuture("ignored:not_newer");
      }
      Instant editedAt = note.updated().isAfter(clock.instant()) ? clock.instant() : note.updated();
      return groupOf(post).compose(group -> announcer.plan(group.orElse(null))).compose(plan -> outbox.inTransaction(tx ->
          posts.revise(tx, post.id(), new Revision(post.name() == null ? null : title(note), plain(note.summary()), html(note),
                  null, tags(note), editedAt))
              .compose(v -> attachments.replace(tx, post.id(), note))
              .compose(v -> post.parentId().isPresent()
                  ? posts.setStance(tx, post.id(), Stances.leadingInHtml(html(note)).orElse(null)) : Future.succeededFuture())
              .compose(v -> post.name() != null ? threads.retitle(tx, post.threadId(), title(note)) : Future.succeededFuture())
              .compose(v -> announcer.announce(tx, plan, post.uri(), activity, List.of(author.deliveryInbox())))))
          .map("post_updated");
    });
  }

  /** The author deletes their post: it becomes a tombstone here too. */
  public Future<String> delete(String objectId, Actor author, JsonObject activity) {
    return posts.findByUri(objectId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture("ignored:unknown_post");
      }
      Post post = found.get();
      if (post.local() || post.author().id() != author.id()) {
        return Future.succeededFuture("ignored:not_the_authors_post");
      }
      if (post.deleted()) {
        return Future.succeededFuture("ignored:already_deleted");
      }
      return groupOf(post).compose(group -> announcer.plan(group.orElse(null))).compose(plan -> outbox.inTransaction(tx ->
          posts.markDeleted(tx, post.id())
              .compose(v -> post.parentId().isPresent() ? threads.countReply(tx, post.threadId(), -1, clock.instant())
                  : Future.succeededFuture())
              .compose(v -> announcer.announce(tx, plan, post.uri(), activity, List.of(author.deliveryInbox())))))
          .map("post_deleted");
    });
  }

  private Future<Optional<Actor>> groupOf(Post post) {
    return threads.findById(post.threadId()).compose(t -> t.flatMap(DiscussionThread::groupId).map(actors::findById)
        .orElse(Future.succeededFuture(Optional.empty())));
  }

  private boolean isLocal(String uri) {
    return ApToModel.authorityOf(uri).map(localAuthority::equalsIgnoreCase).orElse(false);
  }

  private static String html(PostObject note) {
    String content = note.content() == null ? "" : note.content();
    if (note.mediaType() != null && note.mediaType().startsWith("text/markdown")) {
      // Markdown from elsewhere is shown as the text it is: only Torg's own Markdown becomes markup.
      return "<p>" + Encode.forHtml(content).replace("\n", "<br>") + "</p>";
    }
    return RemoteHtml.sanitize(content);
  }

  private static String title(PostObject note) {
    String name = plain(note.name());
    return name == null || name.length() <= MAX_TITLE ? name : name.substring(0, MAX_TITLE);
  }

  /** Titles and content warnings are plain text; stray markup is dropped rather than shown. */
  private static String plain(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return text.strip();
  }

  private static JsonArray tags(PostObject note) {
    JsonArray tags = new JsonArray();
    for (Tag tag : note.tags()) {
      if (tag instanceof Tag.Mention m && m.href() != null) {
        tags.add(new JsonObject().put("type", "Mention").put("href", m.href()).put("name", m.name()));
      } else if (tag instanceof Tag.Hashtag h && h.name() != null) {
        tags.add(new JsonObject().put("type", "Hashtag").put("name", h.name()).put("href", h.href()));
      }
    }
    return tags;
  }
}
