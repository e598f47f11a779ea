package org.torg.server.processing.moves;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.processing.Follows;
import org.torg.server.processing.accounts.PersonalBlocks;

/**
 * After a move, as Mastodon's MoveWorker does: every local follower of the old account follows the
 * new one (a Follow is sent when it is elsewhere) and stops following the old one (Undo when it is
 * elsewhere), and people here who blocked or muted the old account block or mute the new one
 * (unless they follow it already). Followers are taken a page at a time, one after another, so a
 * large following does not open a flood of requests at once; one failure does not stop the others.
 */
public final class FollowerMigration {

  static final int PAGE = 100;
  /** Blocks and mutes carried over at most (what one person may have of each, PersonalBlockRepository's lists). */
  static final int MAX_CARRIED = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(FollowerMigration.class);

  private final AccountMoveRepository moves;
  private final Follows follows;
  private final FollowRepository followRows;
  private final PersonalBlocks blocks;

  public FollowerMigration(AccountMoveRepository moves, Follows follows, FollowRepository followRows, PersonalBlocks blocks) {
    this.blocks = blocks;
    this.moves = moves;
    this.follows = follows;
    this.followRows = followRows;
  }

  /** How many followers now follow the new account. */
  public Future<Integer> migrate(Actor old, Actor target) {
    AtomicInteger moved = new AtomicInteger();
    return page(old, target, 0, moved).compose(v -> carryBlocksAndMutes(old, target)).map(v -> moved.get());
  }

  private Future<Void> carryBlocksAndMutes(Actor old, Actor target) {
    return moves.localBlockers(old.id(), MAX_CARRIED).compose(blockers -> each(blockers, target, blocks::block))
        .compose(v -> moves.localMuters(old.id(), MAX_CARRIED)).compose(muters -> each(muters, target, blocks::mute));
  }

  private Future<Void> each(java.util.List<Actor> people, Actor target,
      java.util.function.BiFunction<Actor, Actor, Future<Boolean>> action) {
    Future<Void> chain = Future.succeededFuture();
    for (Actor person : people) {
      // Mastodon skips one who follows the new account: they chose it knowingly.
      chain = chain.compose(v -> person.id() == target.id() ? Future.succeededFuture()
          : followRows.isFollowing(person.id(), target.id()).compose(following -> following ? Future.<Void>succeededFuture()
              : action.apply(person, target).<Void>mapEmpty())
          .recover(e -> {
            LOG.warn("carrying {}'s block or mute over to {} failed: {}", person.uri(), target.uri(), e.getMessage());
            return Future.succeededFuture();
          }));
    }
    return chain;
  }

  private Future<Void> page(Actor old, Actor target, long afterId, AtomicInteger moved) {
    return moves.localFollowers(old.id(), afterId, PAGE).compose(followers -> {
      if (followers.isEmpty()) {
        return Future.succeededFuture();
      }
      Future<Void> chain = Future.succeededFuture();
      for (Actor follower : followers) {
        chain = chain.compose(v -> one(follower, old, target, moved));
      }
      long last = followers.get(followers.size() - 1).id();
      return followers.size() < PAGE ? chain : chain.compose(v -> page(old, target, last, moved));
    });
  }

  private Future<Void> one(Actor follower, Actor old, Actor target, AtomicInteger moved) {
    // One who follows the new account already keeps that follow; nothing is sent again.
    Future<Void> follow = follower.id() == target.id() ? Future.succeededFuture()
        : followRows.isFollowing(follower.id(), target.id()).compose(already -> already ? Future.succeededFuture()
            : follows.follow(follower, target.uri()).onSuccess(f -> moved.incrementAndGet()).mapEmpty());
    return follow.compose(v -> follows.unfollow(follower, old)).<Void>mapEmpty().recover(e -> {
      LOG.warn("moving {}'s follow from {} to {} failed: {}", follower.uri(), old.uri(), target.uri(), e.getMessage());
      return Future.succeededFuture();
    });
  }
}
