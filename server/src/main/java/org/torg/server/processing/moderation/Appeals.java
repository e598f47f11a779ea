package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.torg.server.db.AppealRepository;
import org.torg.server.db.ModlogRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.ModAction;
import org.torg.server.model.ModlogEntry;
import org.torg.server.model.Principal;
import org.torg.server.processing.delivery.Outbox;

/**
 * The local account a moderation action concerns may appeal it once; moderators see the appeal
 * beside the action and decide it (granted or denied), which is itself logged. Granting records
 * the decision; undoing the action (lifting a silence, unbanning) is a separate, logged action.
 */
public final class Appeals {

  public static final int MAX_TEXT = 2000;

  private final AppealRepository appeals;
  private final ModlogRepository modlog;
  private final Outbox outbox;

  public Appeals(AppealRepository appeals, ModlogRepository modlog, Outbox outbox) {
    this.appeals = appeals;
    this.modlog = modlog;
    this.outbox = outbox;
  }

  public Future<JsonObject> appeal(Principal by, long entryId, String rawText) {
    String text = rawText == null ? "" : rawText.strip();
    if (text.isEmpty() || text.length() > MAX_TEXT) {
      return Future.failedFuture(new HttpError(422, "invalid_text", "An appeal has 1 to " + MAX_TEXT + " characters."));
    }
    return modlog.findById(entryId).compose(entry -> {
      if (entry.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "No such moderation log entry."));
      }
      if (entry.get().affectedAccountId().filter(id -> id == by.accountId()).isEmpty()) {
        return Future.failedFuture(new HttpError(403, "forbidden", "Only the account an action concerns may appeal it."));
      }
      return appeals.insert(entryId, by.accountId(), text)
          .recover(e -> Future.failedFuture(e instanceof AppealRepository.AlreadyAppealedException
              ? new HttpError(409, "already_appealed", "You appealed this action already.") : e))
          .compose(id -> appeals.findById(id)).map(Optional::orElseThrow);
    });
  }

  /** Appeals with the action each one is about, for moderators. */
  public Future<List<JsonObject>> list(Optional<String> state) {
    return appeals.list(state).compose(list -> {
      Future<Void> done = Future.succeededFuture();
      for (JsonObject appeal : list) {
        done = done.compose(v -> modlog.findById(Long.parseLong(appeal.getString("entryId"))).map(entry -> {
          entry.ifPresent(e -> appeal.put("action", ModlogJson.entry(e, true)));
          return null;
        }));
      }
      return done.map(list);
    });
  }

  public Future<JsonObject> decide(Principal by, long id, String rawDecision, String rawReason) {
    if (!"granted".equals(rawDecision) && !"denied".equals(rawDecision)) {
      return Future.failedFuture(new HttpError(422, "invalid_decision", "decision is granted or denied."));
    }
    String reason = GroupModeration.reason(rawReason);
    return appeals.findById(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "No such appeal."));
      }
      long entryId = Long.parseLong(found.get().getString("entryId"));
      return outbox.inTransaction(tx -> appeals.decide(tx, id, rawDecision, by.accountId(), reason).compose(changed -> !changed
              ? Future.failedFuture(new HttpError(409, "already_decided", "That appeal was decided already."))
              : modlog.record(tx, new ModlogEntry.New(ModAction.DECIDE_APPEAL, "modlog entry " + entryId,
                  rawDecision + ": " + reason, by.accountId(), null, null))))
          .compose(v -> appeals.findById(id)).map(Optional::orElseThrow);
    });
  }
}
