package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.torg.server.db.GroupMemberRepository.Member;
import org.torg.server.db.NotificationRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.Post;
import org.torg.server.model.ThreadTree;
import org.torg.server.model.Account;
import org.torg.server.model.Actor;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.LocalGroup;

/** Torg's own API shapes (../shared/API.md), built from the model. Nothing secret ever goes in here. */
public final class ApiDocuments {

  private ApiDocuments() {}

  /** {@code Account} as the API documents it: what anyone may see of an account. */
  public static JsonObject account(Account account) {
    var actor = account.actor();
    return new JsonObject()
        .put("id", Long.toString(account.id()))
        .put("username", account.username())
        .put("handle", actor.handle())
        .put("actor", actor.uri())
        .put("displayName", actor.displayName() != null ? actor.displayName() : actor.username())
        .put("role", account.role().wire());
  }

  /** The account as its owner sees it (GET /api/v1/me): adds email, state, profile fields. */
  public static JsonObject ownAccount(Account account) {
    return account(account)
        .put("email", account.email().orElse(null))
        .put("state", account.state().wire())
        .put("bio", account.bio())
        .put("avatarUrl", account.actor().iconUrl())
        .put("createdAt", time(account.createdAt()));
  }

  /** The account as admins see it in the accounts list. */
  public static JsonObject adminAccount(Account account) {
    return ownAccount(account).put("registrationReason", account.registrationReason().orElse(null));
  }

  public static JsonObject group(LocalGroup group) {
    var actor = group.actor();
    return new JsonObject()
        .put("name", group.name())
        .put("displayName", actor.displayName() != null ? actor.displayName() : actor.username())
        .put("summary", actor.summary())
        .put("handle", actor.handle())
        .put("actor", actor.uri())
        .put("url", actor.url())
        .put("replyPolicy", group.replyPolicy().wire())
        .put("followers", group.followers());
  }

  public static JsonArray members(List<Member> members) {
    JsonArray out = new JsonArray();
    members.forEach(m -> out.add(new JsonObject().put("username", m.username()).put("role", m.role().wire())));
    return out;
  }

  public static JsonObject auditEvent(AuditEvent e) {
    return new JsonObject()
        .put("id", Long.toString(e.id()))
        .put("at", time(e.at()))
        .put("kind", e.kind().wire())
        .put("account", e.account().orElse(null))
        .put("by", e.by().orElse(null))
        .put("username", e.username().orElse(null))
        .put("ip", e.ip().orElse(null))
        .put("detail", e.detail());
  }

  /** {@code Post}: with its replies, recursively (a thread read whole). */
  public static JsonObject post(ThreadTree tree) {
    JsonObject out = postOnly(tree.post());
    JsonArray replies = new JsonArray();
    tree.replies().forEach(r -> replies.add(post(r)));
    return out.put("replies", replies);
  }

  /** {@code Post} without its replies. A deleted post keeps its place but shows nothing of what it said. */
  public static JsonObject postOnly(Post post) {
    var author = post.author();
    return new JsonObject()
        .put("id", Long.toString(post.id()))
        .put("uri", post.uri())
        .put("url", post.pageUrl())
        .put("inReplyTo", post.parentId().map(id -> Long.toString(id)).orElse(null))
        .put("title", post.deleted() ? null : post.name())
        .put("author", new JsonObject()
            .put("handle", author.handle())
            .put("displayName", author.displayName() != null ? author.displayName() : author.username())
            .put("server", author.host())
            .put("local", author.local())
            .put("actor", author.uri()))
        .put("content", post.deleted() ? "" : post.content())
        .put("summary", post.deleted() ? null : post.summary())
        .put("createdAt", time(post.published()))
        .put("editedAt", post.editedAt().map(ApiDocuments::time).orElse(null))
        .put("likes", post.likes())
        .put("shares", post.shares())
        .put("deleted", post.deleted())
        .put("stance", post.stance())
        .put("media_attachments", post.deleted() ? new JsonArray() : AttachmentDocuments.PATHS.api(post.attachments()))
        .put("replies", new JsonArray());
  }

  /** A notification as the list and the live stream show it. */
  public static JsonObject notification(NotificationRepository.Notification n) {
    return new JsonObject()
        .put("id", Long.toString(n.id()))
        .put("kind", n.kind())
        .put("at", n.at().toString())
        .put("read", n.read())
        .put("post", new JsonObject().put("id", Long.toString(n.postId())).put("url", n.postUrl())
            .put("thread", Long.toString(n.threadId())).put("threadTitle", n.threadTitle()))
        .put("from", new JsonObject().put("handle", n.from().handle())
            .put("displayName", n.from().displayName() != null ? n.from().displayName() : n.from().username()));
  }

  /** An actor found by a lookup: enough to show it and to follow it. */
  public static JsonObject actor(Actor actor) {
    return new JsonObject()
        .put("uri", actor.uri())
        .put("url", actor.url() != null ? actor.url() : actor.uri())
        .put("type", actor.type().name())
        .put("handle", actor.handle())
        .put("displayName", actor.displayName() != null ? actor.displayName() : actor.username())
        .put("summary", actor.summary())
        .put("server", actor.host())
        .put("local", actor.local())
        .put("icon", actor.iconUrl());
  }

  /** {@code Thread}: the root with its whole reply tree. */
  public static JsonObject thread(DiscussionThread thread, String groupName, ThreadTree tree) {
    return new JsonObject()
        .put("id", Long.toString(thread.id()))
        .put("title", thread.title())
        .put("group", groupName)
        .put("url", thread.uri())
        .put("uri", thread.uri())
        .put("local", thread.local())
        .put("replies", thread.replyCount())
        .put("root", post(tree));
  }

  /** {@code ThreadSummary}: a line in a Group's thread list. */
  public static JsonObject threadSummary(ThreadRepository.Summary summary, String groupName) {
    DiscussionThread t = summary.thread();
    return new JsonObject()
        .put("id", Long.toString(t.id()))
        .put("title", t.title())
        .put("group", groupName)
        .put("author", summary.author().handle())
        .put("createdAt", time(t.createdAt()))
        .put("lastActivityAt", time(t.lastActivityAt()))
        .put("replies", t.replyCount());
  }

  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
