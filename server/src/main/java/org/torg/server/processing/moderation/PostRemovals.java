package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import org.torg.server.db.ModlogRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.model.ModAction;
import org.torg.server.model.ModlogEntry;
import org.torg.server.model.Post;
import org.torg.server.model.Principal;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.posts.LocalPosts;

/**
 * A moderator removes a post. A local one is deleted as its author would delete it: its Delete
 * federates, the Group Announces the Delete to Lemmy-family followers, and it is never Announced
 * again. A remote one becomes a tombstone here (its author's server keeps it: Torg cannot sign a
 * Delete for another server's actor). Both write a modlog entry in the same transaction.
 */
public final class PostRemovals {

  private final LocalPosts localPosts;
  private final PostRepository posts;
  private final ThreadRepository threads;
  private final Outbox outbox;
  private final ModlogRepository modlog;
  private final Clock clock;

  public PostRemovals(LocalPosts localPosts, PostRepository posts, ThreadRepository threads, Outbox outbox,
      ModlogRepository modlog, Clock clock) {
    this.localPosts = localPosts;
    this.posts = posts;
    this.threads = threads;
    this.outbox = outbox;
    this.modlog = modlog;
    this.clock = clock;
  }

  /** {@code affectedAccountId}: the local author's account, who may appeal; null for a remote author. */
  public Future<Void> remove(Principal by, Post post, String reason, Long affectedAccountId, Long groupId) {
    ModlogEntry.New entry = entry(by, post, reason, affectedAccountId, groupId);
    if (post.local()) {
      return localPosts.remove(post, tx -> modlog.record(tx, entry));
    }
    return outbox.inTransaction(tx -> removeRemote(tx, post, entry));
  }

  /** As {@link #remove(Principal, Post, String, Long, Long)}, in the caller's transaction (a report's resolution). */
  public Future<Void> remove(SqlConnection tx, Principal by, Post post, String reason, Long affectedAccountId, Long groupId) {
    ModlogEntry.New entry = entry(by, post, reason, affectedAccountId, groupId);
    if (post.local()) {
      return localPosts.remove(tx, post).compose(v -> modlog.record(tx, entry)).mapEmpty();
    }
    return removeRemote(tx, post, entry);
  }

  private static ModlogEntry.New entry(Principal by, Post post, String reason, Long affectedAccountId, Long groupId) {
    return new ModlogEntry.New(ModAction.DELETE_POST, post.pageUrl(), reason, by.accountId(), groupId, affectedAccountId);
  }

  private Future<Void> removeRemote(SqlConnection tx, Post post, ModlogEntry.New entry) {
    if (post.deleted()) {
      return Future.succeededFuture();
    }
    return posts.markDeleted(tx, post.id())
        .compose(changed -> changed && post.parentId().isPresent() ? threads.countReply(tx, post.threadId(), -1, clock.instant())
            : Future.succeededFuture())
        .compose(v -> modlog.record(tx, entry)).mapEmpty();
  }
}
