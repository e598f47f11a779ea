package org.torg.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.torg.server.error.HttpError;
import org.torg.server.processing.consultations.Consultations;
import org.torg.server.processing.consultations.Consultations.PollSpec;

/**
 * A new consultation's {@code kind} and {@code eligibility} (API.md, "Consultations"): an
 * ordinary consultation with an optional poll, or a {@code candidate-selection} whose poll's
 * options are candidates, each {@code {name, statement}}; open to {@code everyone} or to
 * {@code members} of the hub's branches (the default for a candidate selection).
 */
final class BallotRequests {

  static final String CONSULTATION = "consultation";
  static final String CANDIDATE_SELECTION = "candidate-selection";

  private BallotRequests() {}

  /** The poll asked for, read by {@code plain} for its options, multiple and endsAt. */
  static Optional<PollSpec> poll(JsonBody body, Function<Object, Optional<PollSpec>> plain) {
    String kind = body.string("kind").orElse(CONSULTATION);
    if (!kind.equals(CONSULTATION) && !kind.equals(CANDIDATE_SELECTION)) {
      throw new HttpError(422, "invalid_kind", "kind is consultation or candidate-selection.");
    }
    boolean candidates = kind.equals(CANDIDATE_SELECTION);
    String eligibility = body.string("eligibility").orElse(candidates ? "members" : "everyone");
    if (!eligibility.equals("everyone") && !eligibility.equals("members")) {
      throw new HttpError(422, "invalid_eligibility", "eligibility is everyone or members.");
    }
    boolean membersOnly = eligibility.equals("members");
    Object raw = body.raw("poll");
    if (!candidates) {
      if (raw instanceof JsonObject p && p.containsKey("candidates")) {
        throw new HttpError(422, "invalid_kind", "Candidates are for kind candidate-selection.");
      }
      Optional<PollSpec> poll = plain.apply(raw);
      if (membersOnly && poll.isEmpty()) {
        throw new HttpError(422, "invalid_eligibility", "A members-only consultation has a poll: only votes are counted.");
      }
      return poll.map(p -> new PollSpec(p.options(), p.multiple(), p.endsAt(), membersOnly, List.of()));
    }
    if (!(raw instanceof JsonObject poll) || !(poll.getValue("candidates") instanceof JsonArray list)
        || list.size() > Consultations.MAX_OPTIONS || poll.containsKey("options")) {
      throw new HttpError(422, "invalid_candidates", "A candidate selection has poll.candidates: [{name, statement}], at most "
          + Consultations.MAX_OPTIONS + ".");
    }
    List<String> names = new ArrayList<>();
    List<String> statements = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof JsonObject c) || !(c.getValue("name") instanceof String name)
          || !(c.getValue("statement") instanceof String statement)) {
        throw new HttpError(422, "invalid_candidates", "Each candidate is {name, statement}, both texts.");
      }
      names.add(name);
      statements.add(statement);
    }
    JsonObject options = poll.copy();
    options.remove("candidates");
    options.put("options", new JsonArray(new ArrayList<>(names)));
    PollSpec spec = plain.apply(options).orElseThrow();
    return Optional.of(new PollSpec(spec.options(), spec.multiple(), spec.endsAt(), membersOnly, statements));
  }
}
