package org.torg.server.processing;

import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.owasp.encoder.Encode;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.ActorType;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Principal;
import org.torg.server.model.ReplyPolicy;

/** The Groups this instance hosts: a branch, a forum, a consultation host. */
public final class Groups {

  private static final int MAX_DISPLAY_NAME = 100;
  private static final int MAX_SUMMARY = 2000;

  private final LocalActors localActors;
  private final LocalKeys keys;
  private final GroupProfileRepository profiles;

  public Groups(LocalActors localActors, LocalKeys keys, GroupProfileRepository profiles) {
    this.localActors = localActors;
    this.keys = keys;
    this.profiles = profiles;
  }

  /** A Group, or 404. */
  public Future<LocalGroup> find(String name) {
    return profiles.find(name == null ? "" : name.toLowerCase(Locale.ROOT))
        .map(found -> found.orElseThrow(() -> new HttpError(404, "not_found", "No such group.")));
  }

  public Future<List<LocalGroup>> all() {
    return profiles.all();
  }

  /** A new Group with its actor and key; the summary is plain text, rendered as escaped HTML. */
  public Future<LocalGroup> create(Principal by, String rawName, String displayName, String summary, String rawPolicy) {
    String name = rawName == null ? null : rawName.strip().toLowerCase(Locale.ROOT);
    Optional<ReplyPolicy> policy = rawPolicy == null ? Optional.of(ReplyPolicy.ANYONE) : ReplyPolicy.fromWire(rawPolicy);
    if (policy.isEmpty()) {
      return Future.failedFuture(new HttpError(422, "invalid_reply_policy",
          "replyPolicy is one of anyone, followers, members, closed."));
    }
    if (displayName != null && displayName.length() > MAX_DISPLAY_NAME || summary != null && summary.length() > MAX_SUMMARY) {
      return Future.failedFuture(new HttpError(422, "too_long",
          "A display name has at most " + MAX_DISPLAY_NAME + " characters, a summary at most " + MAX_SUMMARY + "."));
    }
    String html = summary == null || summary.isBlank() ? null : "<p>" + Encode.forHtml(summary.strip()) + "</p>";
    String shown = displayName == null || displayName.isBlank() ? null : displayName.strip();
    return localActors.checkName(ActorType.Group, name)
        .compose(ok -> keys.generateSealed(localActors.uriOf(ActorType.Group, name)))
        .compose(key -> profiles.pool().withTransaction(tx -> localActors.insert(tx, key, ActorType.Group, name, shown, html,
                false, false)
            .compose(actor -> profiles.insert(tx, actor.id(), policy.get(), by.accountId()))))
        .compose(v -> find(name));
  }
}
