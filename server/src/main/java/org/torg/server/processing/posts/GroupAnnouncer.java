package org.torg.server.processing.posts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import org.torg.server.convert.PostDocuments;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.processing.delivery.Outbox;

/**
 * The Group passes on every post it accepts to everyone who follows it (FEP-1b12): that is how
 * a reply from one server reaches followers on all others, and the thread stays whole.
 */
public final class GroupAnnouncer {

  private final FollowRepository follows;
  private final Outbox outbox;
  private final PostDocuments documents;

  public GroupAnnouncer(FollowRepository follows, Outbox outbox, PostDocuments documents) {
    this.follows = follows;
    this.outbox = outbox;
    this.documents = documents;
  }

  /**
   * In the caller's transaction: the Group's Announce of {@code activity} (a Create, Update or
   * Delete of a post in its thread) to its remote followers' servers, {@code exceptInbox} left out
   * (the author's own server has it already).
   */
  public Future<Void> announce(SqlConnection tx, Actor group, String objectId, JsonObject activity, List<String> exceptInboxes) {
    return follows.remoteFollowerInboxes(tx, group.id()).compose(inboxes -> {
      List<String> targets = inboxes.stream().filter(i -> !exceptInboxes.contains(i)).toList();
      if (targets.isEmpty()) {
        return Future.succeededFuture();
      }
      return outbox.send(tx, group, documents.announce(group, objectId), targets).mapEmpty();
    });
  }
}
