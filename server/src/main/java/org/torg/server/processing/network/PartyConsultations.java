package org.torg.server.processing.network;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.torg.server.convert.Markdown;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.PartyEntryRepository;
import org.torg.server.db.PartyEntryRepository.Entry;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.model.Post;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.posts.GroupAnnouncer;
import org.torg.server.processing.posts.LocalPosts;
import org.torg.server.processing.posts.RemotePosts;
import org.torg.server.processing.remote.RemoteFetches;

/**
 * A branch's side of a party-wide consultation (FEDERATION.md, "Party-wide consultations"). When
 * a hub this branch belongs to passes on a question marked {@code partyWide}, the branch Group
 * enters it: ONE reply to the question, by the branch Group, that its followers see and answer
 * ("reply here to take part through us"). The hub has every reply under that entry and so knows
 * which branch each contribution came through. A reply from another server that reaches only the
 * branch (Mastodon sends a reply to the author of the post it answers, here the branch Group) is
 * passed on by the branch Group's Announce to its followers, the hub among them.
 */
public final class PartyConsultations {

  /** How far up from a reply the branch looks for its entry; a thread is rarely deeper. */
  private static final int MAX_DEPTH = RemotePosts.MAX_ANCESTORS;

  private final PartyEntryRepository entries;
  private final HubBranches hubBranches;
  private final ActorRepository actors;
  private final ThreadRepository threads;
  private final PostRepository posts;
  private final LocalPosts localPosts;
  private final GroupAnnouncer announcer;
  private final Outbox outbox;
  private final RemoteFetches fetches;

  public PartyConsultations(PartyEntryRepository entries, HubBranches hubBranches, ActorRepository actors,
      ThreadRepository threads, PostRepository posts, LocalPosts localPosts, GroupAnnouncer announcer, Outbox outbox,
      RemoteFetches fetches) {
    this.entries = entries;
    this.hubBranches = hubBranches;
    this.actors = actors;
    this.threads = threads;
    this.posts = posts;
    this.localPosts = localPosts;
    this.announcer = announcer;
    this.outbox = outbox;
    this.fetches = fetches;
  }

  public PartyEntryRepository entries() {
    return entries;
  }

  /**
   * {@code sharer} passed on {@code root}, now stored. When it is a question the sharer hosts and
   * marks party-wide, and the sharer is a hub that approved local Groups as its branches, each of
   * them enters it once. The root is fetched from its origin to read the mark (the Announce carries only its
   * id); only roots from a hub of a local branch are fetched.
   */
  public Future<Integer> received(Actor sharer, Post root) {
    if (root.local() || root.deleted() || root.parentId().isPresent() || root.inReplyToUri() != null
        || sharer.type() != ActorType.Group || sharer.local()) {
      return Future.succeededFuture(0);
    }
    return threads.findById(root.threadId()).compose(thread -> thread.flatMap(t -> t.groupId()).map(g -> g == sharer.id())
            .orElse(false) ? localBranchesOf(sharer) : Future.succeededFuture(List.<Actor>of()))
        .compose(branches -> branches.isEmpty() ? Future.succeededFuture(0) : isPartyWide(root).compose(partyWide -> {
          if (!partyWide) {
            return Future.succeededFuture(0);
          }
          List<Future<Boolean>> each = new ArrayList<>();
          branches.forEach(branch -> each.add(enter(branch, sharer, root)));
          return Future.all(each).map(done -> (int) done.<Boolean>list().stream().filter(Boolean::booleanValue).count());
        }));
  }

  /**
   * The local Groups the hub approved as its branches. This server keeps the approvals its own
   * Groups received, so the hub's branches it knows are exactly its local ones.
   */
  private Future<List<Actor>> localBranchesOf(Actor hub) {
    return hubBranches.branchUrisOf(hub.id()).compose(uris -> {
      List<Future<Optional<Actor>>> found = new ArrayList<>();
      uris.forEach(uri -> found.add(actors.findByUri(uri).map(a -> a.filter(Actor::local))));
      return Future.all(found).map(done -> done.<Optional<Actor>>list().stream().flatMap(Optional::stream).toList());
    });
  }

  private Future<Boolean> isPartyWide(Post root) {
    URI url;
    try {
      url = URI.create(root.uri());
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(false);
    }
    return fetches.fetchJson(url).map(doc -> Boolean.TRUE.equals(doc.json().getValue("partyWide")))
        .recover(e -> Future.succeededFuture(false));
  }

  /** The branch's entry, once: the claim and the entry are one transaction, so a second arrival writes nothing. */
  private Future<Boolean> enter(Actor branch, Actor hub, Post root) {
    return localPosts.replyAsGroup(branch, root, entryText(branch, hub), new LocalPosts.ReplyExtras(List.of(),
            (tx, postId) -> entries.claim(tx, branch.id(), root.threadId(), hub.id()).compose(claimed -> claimed
                ? entries.setEntry(tx, branch.id(), root.threadId(), postId)
                : Future.failedFuture(new AlreadyEntered()))))
        .map(true)
        .recover(e -> e instanceof AlreadyEntered ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /** Markdown; names are escaped, since a Group's display name is whatever its moderators typed. */
  static String entryText(Actor branch, Actor hub) {
    String name = branch.displayName() == null || branch.displayName().isBlank() ? branch.username() : branch.displayName();
    return "**" + Markdown.escape(name) + "** takes part in this party-wide consultation of " + Markdown.escape(hub.handle())
        + ". Reply to this post to take part through " + Markdown.escape(name)
        + "; the replies of every branch are gathered in one thread at " + Markdown.escape(hub.handle()) + ".";
  }

  /**
   * A reply from another server, stored here: when it is under a local branch's entry, the branch
   * Group passes it on (FEP-1b12) to its followers, the hub among them, which then fetches it
   * from its origin. Its author's own server has it already.
   */
  public Future<Boolean> replyReceived(Post reply, JsonObject activity) {
    if (reply.local() || reply.parentId().isEmpty() || activity == null) {
      return Future.succeededFuture(false);
    }
    return entries.ofThread(reply.threadId()).compose(list -> {
      Map<Long, Entry> byEntry = list.stream().filter(e -> e.entryPostId().isPresent())
          .collect(Collectors.toMap(e -> e.entryPostId().get(), Function.identity(), (a, b) -> a));
      if (byEntry.isEmpty()) {
        return Future.succeededFuture(false);
      }
      return entryAbove(reply.parentId().get(), byEntry, 0).compose(entry -> entry.isEmpty() ? Future.succeededFuture(false)
          : actors.findById(entry.get().branchId()).compose(branch -> branch.isEmpty() ? Future.succeededFuture(false)
              : announcer.plan(branch.get()).compose(plan -> outbox.inTransaction(tx ->
                  announcer.announce(tx, plan, reply.uri(), activity, List.of(reply.author().deliveryInbox()))).map(true))));
    });
  }

  private Future<Optional<Entry>> entryAbove(long postId, Map<Long, Entry> byEntry, int depth) {
    if (byEntry.containsKey(postId)) {
      return Future.succeededFuture(Optional.of(byEntry.get(postId)));
    }
    if (depth >= MAX_DEPTH) {
      return Future.succeededFuture(Optional.empty());
    }
    return posts.findById(postId).compose(p -> p.isEmpty() || p.get().parentId().isEmpty()
        ? Future.succeededFuture(Optional.empty()) : entryAbove(p.get().parentId().get(), byEntry, depth + 1));
  }

  /** The branch had entered the consultation already: its transaction rolls back. */
  private static final class AlreadyEntered extends RuntimeException {
    AlreadyEntered() {
      super("already entered", null, false, false);
    }
  }
}
