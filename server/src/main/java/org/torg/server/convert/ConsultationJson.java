package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.torg.server.model.Consultation;
import org.torg.server.model.Poll;
import org.torg.server.model.Post;

/** The {@code consultation} part of a consultation's {@code Thread} in the API (API.md, "Consultations"). */
public final class ConsultationJson {

  private ConsultationJson() {}

  public static JsonObject of(Consultation c, Optional<Poll> poll, String questionUri, Optional<Post> response, Instant now) {
    JsonArray cited = new JsonArray();
    c.cited().forEach(id -> cited.add(Long.toString(id)));
    return new JsonObject()
        .put("phase", c.phase(now).wire())
        .put("inputClosesAt", ApiDocuments.time(c.inputClosesAt()))
        .put("deliberationEndsAt", ApiDocuments.time(c.deliberationEndsAt()))
        .put("poll", poll.map(p -> poll(p, questionUri, now)).orElse(null))
        .put("response", response.map(ApiDocuments::postOnly).orElse(null))
        .put("cited", cited);
  }

  public static JsonObject poll(Poll p, String questionUri, Instant now) {
    JsonArray options = new JsonArray();
    for (int i = 0; i < p.options().size(); i++) {
      JsonObject option = new JsonObject().put("title", p.options().get(i)).put("votes", p.votes().get(i));
      if (p.candidates()) {
        option.put("statement", p.statements().get(i));
      }
      options.add(option);
    }
    return new JsonObject().put("uri", questionUri).put("options", options).put("multiple", p.multiple())
        .put("endsAt", ApiDocuments.time(p.endsAt())).put("voters", p.voters()).put("open", p.openAt(now))
        .put("kind", p.candidates() ? "candidate-selection" : "consultation").put("eligibility", p.eligibility());
  }

  /** When what {@link #of} shows next changes with time alone (a phase, the poll's end): a cached rendering lasts until then. */
  public static Instant nextChange(Consultation c, Optional<Poll> poll, Instant now) {
    return Stream.of(Optional.of(c.inputClosesAt()), Optional.of(c.deliberationEndsAt()), poll.map(Poll::endsAt))
        .flatMap(Optional::stream).filter(now::isBefore).min(Instant::compareTo).orElse(Instant.MAX);
  }
}
