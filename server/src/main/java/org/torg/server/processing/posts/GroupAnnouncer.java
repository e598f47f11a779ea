package org.torg.server.processing.posts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.torg.federation.nodeinfo.AnnounceForm;
import org.torg.server.convert.ApToModel;
import org.torg.server.convert.PostDocuments;
import org.torg.server.db.FollowRepository;
import org.torg.server.model.Actor;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.remote.RemoteSoftware;

/**
 * The Group passes on every post it accepts to everyone who follows it (FEP-1b12): that is how
 * a reply from one server reaches followers on all others, and the thread stays whole.
 * Mastodon-family servers get {@code Announce(post id)}; Lemmy-family servers get
 * {@code Announce(the activity)}, edits and deletions included, chosen per follower's server
 * from its NodeInfo (INTEROP §4).
 */
public final class GroupAnnouncer {

  /** Who gets which form: worked out before the transaction, because it may ask servers for their NodeInfo. */
  public record Plan(Actor group, Map<AnnounceForm, List<String>> inboxes) {

    static Plan none(Actor group) {
      return new Plan(group, Map.of());
    }
  }

  private final FollowRepository follows;
  private final RemoteSoftware software;
  private final Outbox outbox;
  private final PostDocuments documents;

  public GroupAnnouncer(FollowRepository follows, RemoteSoftware software, Outbox outbox, PostDocuments documents) {
    this.follows = follows;
    this.software = software;
    this.outbox = outbox;
    this.documents = documents;
  }

  /** The Group's remote followers' inboxes by the form their server wants; none for a Group elsewhere. */
  public Future<Plan> plan(Actor group) {
    if (group == null || !group.local()) {
      return Future.succeededFuture(Plan.none(group));
    }
    return follows.remoteFollowerInboxes(follows.pool(), group.id()).compose(inboxes -> {
      List<Future<AnnounceForm>> forms = new ArrayList<>();
      for (String inbox : inboxes) {
        forms.add(ApToModel.authorityOf(inbox).map(software::announceFormOf)
            .orElse(Future.succeededFuture(AnnounceForm.OBJECT_ID))
            .recover(e -> Future.succeededFuture(AnnounceForm.OBJECT_ID)));
      }
      return Future.all(forms).map(done -> {
        Map<AnnounceForm, List<String>> byForm = new EnumMap<>(AnnounceForm.class);
        for (int i = 0; i < inboxes.size(); i++) {
          byForm.computeIfAbsent(done.resultAt(i), k -> new ArrayList<>()).add(inboxes.get(i));
        }
        return new Plan(group, byForm);
      });
    });
  }

  /**
   * In the caller's transaction: the Group's Announces of {@code activity} (the Create, Update or
   * Delete of post {@code objectId}), {@code except} left out (they have it already). A new post
   * goes to every follower's server; edits and deletions only to those that take activities
   * (the others get the Update or Delete from its author).
   */
  public Future<Void> announce(SqlConnection tx, Plan plan, String objectId, JsonObject activity, Collection<String> except) {
    boolean create = "Create".equals(activity.getString("type"));
    Future<Void> done = Future.succeededFuture();
    for (Map.Entry<AnnounceForm, List<String>> entry : plan.inboxes().entrySet()) {
      List<String> targets = entry.getValue().stream().filter(i -> !except.contains(i)).toList();
      if (targets.isEmpty() || (entry.getKey() == AnnounceForm.OBJECT_ID && !create)) {
        continue;
      }
      JsonObject announce = entry.getKey() == AnnounceForm.ACTIVITY
          ? documents.announce(plan.group(), activity) : documents.announce(plan.group(), objectId);
      done = done.compose(v -> outbox.send(tx, plan.group(), announce, targets).mapEmpty());
    }
    return done;
  }
}
