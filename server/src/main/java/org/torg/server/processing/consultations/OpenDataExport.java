package org.torg.server.processing.consultations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.torg.server.convert.ConsultationJson;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;

/**
 * A consultation as open data: every post that is not deleted (the question, the contributions,
 * the response) with its author's handle, time, stance and the licence it is published under,
 * plus the poll's results. The CSV has the same posts, one per line ({@link ConsultationCsv}).
 */
public final class OpenDataExport {

  private final ParticipationReports reports;
  private final String licence;
  private final Clock clock;

  public OpenDataExport(ParticipationReports reports, String licence, Clock clock) {
    this.reports = reports;
    this.licence = licence;
    this.clock = clock;
  }

  public Future<JsonObject> export(long threadId) {
    return reports.input(threadId).map(in -> {
      Instant now = clock.instant();
      Set<Long> cited = new HashSet<>(in.consultation().cited());
      long rootId = in.thread().rootPostId().orElse(-1L);
      JsonArray posts = new JsonArray();
      for (Post p : in.posts()) {
        if (p.deleted()) {
          continue;
        }
        String kind = p.id() == rootId ? "question"
            : in.consultation().responsePostId().map(r -> r == p.id()).orElse(false) ? "response"
            : in.party().entries().containsKey(p.id()) ? "entry" : "contribution";
        posts.add(new JsonObject()
            .put("id", Long.toString(p.id()))
            .put("uri", p.uri())
            .put("url", p.pageUrl())
            .put("inReplyTo", p.parentId().map(id -> Long.toString(id)).orElse(null))
            .put("kind", kind)
            .put("author", p.author().handle())
            .put("authorServer", p.author().host())
            .put("local", p.author().local())
            .put("branch", in.party().branchOf(p).map(Actor::uri).orElse(null))
            .put("createdAt", time(p.published()))
            .put("editedAt", p.editedAt().map(OpenDataExport::time).orElse(null))
            .put("stance", p.stance())
            .put("cited", cited.contains(p.id()))
            .put("licence", licence)
            .put("content", p.content()));
      }
      JsonObject consultation = new JsonObject()
          .put("thread", Long.toString(in.thread().id()))
          .put("title", in.thread().title())
          .put("url", in.thread().uri())
          .put("phase", in.consultation().phase(now).wire())
          .put("inputClosesAt", time(in.consultation().inputClosesAt()))
          .put("deliberationEndsAt", time(in.consultation().deliberationEndsAt()))
          .put("response", in.consultation().responsePostId().map(id -> Long.toString(id)).orElse(null))
          .put("partyWide", in.partyWide())
          .put("licence", licence)
          .put("exportedAt", time(now));
      JsonObject poll = in.poll().map(p -> ConsultationJson.poll(p, null, now)).map(p -> {
        p.remove("uri");
        return in.checks().addTo(p, true);
      }).orElse(null);
      return new JsonObject().put("consultation", consultation).put("poll", poll).put("posts", posts);
    });
  }

  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
