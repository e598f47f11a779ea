package org.torg.server.processing.consultations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.torg.server.db.VoteEligibilityRepository;
import org.torg.server.db.VoteEligibilityRepository.Refused;
import org.torg.server.db.VoteEligibilityRepository.Vouched;

/**
 * What a members-only poll decided, as the participation report and the open-data export show
 * it: the refused votes by reason, and the counted voters per vouching branch. A refused vote is
 * listed with its server and reason, not its voter: whether someone is a party member is theirs
 * to say.
 */
record VoteChecks(List<Refused> refused, List<Vouched> vouched) {

  static Future<VoteChecks> read(VoteEligibilityRepository decisions, long threadId) {
    return decisions.refused(threadId).compose(refused -> decisions.vouchedByBranch(threadId)
        .map(vouched -> new VoteChecks(refused, vouched)));
  }

  /** Adds {@code refused: {total, reasons}} and {@code branches}, and with {@code each} every refused vote. */
  JsonObject addTo(JsonObject poll, boolean each) {
    Map<String, Integer> reasons = new TreeMap<>();
    refused.forEach(r -> reasons.merge(r.reason(), 1, Integer::sum));
    JsonObject summary = new JsonObject().put("total", refused.size()).put("reasons", new JsonObject(new java.util.LinkedHashMap<>(reasons)));
    if (each) {
      JsonArray votes = new JsonArray();
      refused.forEach(r -> votes.add(new JsonObject().put("server", r.server()).put("local", r.local()).put("reason", r.reason())
          .put("detail", r.detail()).put("at", DateTimeFormatter.ISO_INSTANT.format(r.at()))));
      summary.put("votes", votes);
    }
    JsonArray branches = new JsonArray();
    vouched.forEach(v -> branches.add(new JsonObject().put("branch", v.branch()).put("voters", v.voters())));
    return poll.put("counted", poll.getInteger("voters")).put("refused", summary).put("branches", branches);
  }
}
