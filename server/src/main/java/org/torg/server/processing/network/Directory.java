package org.torg.server.processing.network;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.torg.server.convert.DirectoryDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.BranchMembershipRepository;
import org.torg.server.db.BranchMembershipRepository.Listed;
import org.torg.server.db.BranchMembershipRepository.Membership;
import org.torg.server.db.BranchMembershipRepository.State;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.processing.Follows;
import org.torg.server.processing.delivery.Outbox;

/**
 * The directory of branches: a branch Group asks to join a hub Group (Join), the hub's moderators
 * approve (Accept) or refuse (Reject) it, and either side ends it (Leave from the branch, Reject
 * from the hub). An approved pair follows each other both ways: the hub follows the branch to
 * re-share its threads, the branch follows the hub to receive its posts. Both Groups may be on
 * this server: then no activity is sent and one row serves both sides.
 */
public final class Directory {

  /** A place longer than this is not a place but a paragraph. */
  public static final int MAX_PLACE = 100;

  private final ActorRepository actors;
  private final BranchMembershipRepository memberships;
  private final Outbox outbox;
  private final Follows follows;
  private final DirectoryDocuments documents;

  public Directory(ActorRepository actors, BranchMembershipRepository memberships, Outbox outbox, Follows follows,
      DirectoryDocuments documents) {
    this.actors = actors;
    this.memberships = memberships;
    this.outbox = outbox;
    this.follows = follows;
    this.documents = documents;
  }

  public BranchMembershipRepository memberships() {
    return memberships;
  }

  /** A place as stored: trimmed, one line, at most {@link #MAX_PLACE} characters; an error otherwise. */
  public static String place(Object raw) {
    if (raw == null) {
      return "";
    }
    if (!(raw instanceof String text)) {
      throw new HttpError(422, "invalid_place", "place must be text.");
    }
    String place = text.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
    if (place.length() > MAX_PLACE) {
      throw new HttpError(422, "invalid_place", "place is at most " + MAX_PLACE + " characters.");
    }
    return place;
  }

  // The branch's side.

  /** The local branch asks to join the hub; asking again re-sends the Join (with a new place). */
  public Future<Membership> ask(Actor branch, Actor hub, String place) {
    if (hub.type() != ActorType.Group) {
      return Future.failedFuture(new HttpError(422, "not_a_group", "Only a Group can be a hub."));
    }
    if (hub.id() == branch.id()) {
      return Future.failedFuture(new HttpError(422, "invalid_hub", "A Group cannot be its own branch."));
    }
    if (hub.deleted()) {
      return Future.failedFuture(new HttpError(410, "gone", "That Group was deleted."));
    }
    String key = SearchKey.of(branch.username(), branch.displayName(), place);
    Instant now = Instant.now();
    if (hub.local()) {
      return memberships.request(memberships.pool(), hub.id(), branch.id(), "local:" + branch.id() + ":" + hub.id(), null, place, key, now);
    }
    JsonObject join = documents.join(branch, hub, place, now);
    return outbox.inTransaction(tx -> memberships.request(tx, hub.id(), branch.id(), join.getString("id"), join, place, key, now)
        .compose(stored -> outbox.send(tx, branch, join, List.of(hub.inbox())).map(stored)));
  }

  /** The local branch leaves the hub (or withdraws its request); false when it had not asked. */
  public Future<Boolean> leave(Actor branch, Actor hub) {
    return memberships.find(hub.id(), branch.id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(false);
      }
      return outbox.inTransaction(tx -> memberships.delete(tx, hub.id(), branch.id())
              .compose(deleted -> hub.local() ? Future.succeededFuture(deleted)
                  : outbox.send(tx, branch, documents.leave(branch, hub), List.of(hub.inbox())).map(deleted)))
          .compose(deleted -> unfollowBothWays(hub, branch).map(true));
    });
  }

  /** The hub's Accept of this branch's Join arrived: the branch is in, and follows the hub. */
  public Future<String> accepted(Membership membership) {
    return bothOf(membership).compose(pair -> memberships.approve(memberships.pool(), membership.hubId(), membership.branchId())
        .compose(changed -> follows.follow(pair.branch(), pair.hub().uri()))
        .map("join_accepted"));
  }

  /** The hub's Reject arrived: the request was refused, or the branch removed. */
  public Future<String> rejected(Membership membership) {
    return bothOf(membership).compose(pair -> memberships.delete(memberships.pool(), membership.hubId(), membership.branchId())
        .compose(deleted -> follows.unfollow(pair.branch(), pair.hub()))
        .map("join_rejected"));
  }

  // The hub's side.

  /**
   * A remote branch's Join arrived: pending until a moderator approves it. A repeated Join keeps
   * the approval and is answered again, so a lost Accept is not lost for good.
   */
  public Future<String> joinReceived(Actor hub, Actor branch, JsonObject join, String place) {
    String key = SearchKey.of(branch.username(), branch.displayName(), place);
    Instant asked = askedAt(join);
    return outbox.inTransaction(tx -> memberships.request(tx, hub.id(), branch.id(), join.getString("id"), join, place, key, asked)
        .compose(stored -> stored.state() == State.approved
            ? outbox.send(tx, hub, documents.accept(hub, branch, join), List.of(branch.inbox())).map("join_repeated")
            : Future.succeededFuture("join_pending")));
  }

  /** The remote branch left: it is out, and the hub stops following it. */
  public Future<String> left(Actor hub, Actor branch) {
    return memberships.delete(memberships.pool(), hub.id(), branch.id())
        .compose(deleted -> follows.unfollow(hub, branch).map(deleted ? "left" : "ignored:not_a_branch"));
  }

  /** The hub's moderators approve a request: the branch gets Accept, and the hub follows it. */
  public Future<Membership> approve(Actor hub, long membershipId) {
    return ofHub(hub, membershipId).compose(membership -> bothOf(membership).compose(pair -> {
      if (membership.state() == State.approved) {
        return Future.succeededFuture(membership);
      }
      Actor branch = pair.branch();
      return outbox.inTransaction(tx -> memberships.approve(tx, hub.id(), branch.id())
              .compose(changed -> branch.local() ? Future.succeededFuture()
                  : outbox.send(tx, hub, documents.accept(hub, branch, membership.join()), List.of(branch.inbox())).mapEmpty()))
          .compose(sent -> follows.follow(hub, branch.uri()))
          .compose(followed -> branch.local() ? follows.follow(branch, hub.uri()).mapEmpty() : Future.succeededFuture())
          .compose(done -> memberships.findById(membershipId).map(Optional::orElseThrow));
    }));
  }

  /** The hub's moderators refuse a request, or remove an approved branch: Reject, and the hub stops following it. */
  public Future<Void> refuse(Actor hub, long membershipId) {
    return ofHub(hub, membershipId).compose(membership -> bothOf(membership).compose(pair -> {
      Actor branch = pair.branch();
      return outbox.inTransaction(tx -> memberships.delete(tx, hub.id(), branch.id())
              .compose(deleted -> branch.local() ? Future.succeededFuture()
                  : outbox.send(tx, hub, documents.reject(hub, branch, membership.join()), List.of(branch.inbox())).mapEmpty()))
          .compose(sent -> unfollowBothWays(hub, branch));
    }));
  }

  /** The hub's branches in one state, filtered by a search of their name and place. */
  public Future<List<Listed>> branches(Actor hub, State state, String query, int limit, int offset) {
    return memberships.listed(hub.id(), state, SearchKey.fold(query), limit, offset);
  }

  /**
   * When the branch asked: its Join's {@code published}, so that of two Joins the later one's place
   * stands whatever order they arrive in; the time of arrival when it has none (or one in the future).
   */
  static Instant askedAt(JsonObject join) {
    Instant now = Instant.now();
    try {
      Instant published = Instant.parse(join.getString("published", ""));
      return published.isAfter(now) ? now : published;
    } catch (DateTimeParseException e) {
      return now;
    }
  }

  private Future<Membership> ofHub(Actor hub, long membershipId) {
    return memberships.findById(membershipId).map(found -> found.filter(m -> m.hubId() == hub.id())
        .orElseThrow(() -> new HttpError(404, "not_found", "No such request or branch in this hub.")));
  }

  private record Pair(Actor hub, Actor branch) {}

  private Future<Pair> bothOf(Membership membership) {
    Future<Optional<Actor>> hub = actors.findById(membership.hubId());
    Future<Optional<Actor>> branch = actors.findById(membership.branchId());
    return Future.all(hub, branch).map(both -> new Pair(hub.result().orElseThrow(), branch.result().orElseThrow()));
  }

  /** Each side's follow of the other that this server holds: the local side's own follows. */
  private Future<Void> unfollowBothWays(Actor hub, Actor branch) {
    Future<Boolean> hubSide = hub.local() ? follows.unfollow(hub, branch) : Future.succeededFuture(false);
    return hubSide.compose(x -> branch.local() ? follows.unfollow(branch, hub) : Future.succeededFuture(false)).mapEmpty();
  }
}
