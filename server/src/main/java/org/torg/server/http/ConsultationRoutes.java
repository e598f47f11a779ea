package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.Groups;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.consultations.ConsultationCsv;
import org.torg.server.processing.consultations.Consultations;
import org.torg.server.processing.consultations.OpenDataExport;
import org.torg.server.processing.consultations.ParticipationReports;
import org.torg.server.processing.posts.ThreadReads;

/** Consultations in the API (API.md, "Consultations"). Reports and exports are public: they are the point. */
public final class ConsultationRoutes {

  private final Vertx vertx;
  private final Groups groups;
  private final Consultations consultations;
  private final ParticipationReports reports;
  private final OpenDataExport export;
  private final ThreadReads reads;

  public ConsultationRoutes(Vertx vertx, Groups groups, Consultations consultations, ParticipationReports reports,
      OpenDataExport export, ThreadReads reads) {
    this.vertx = vertx;
    this.groups = groups;
    this.consultations = consultations;
    this.reports = reports;
    this.export = export;
    this.reads = reads;
  }

  public void mount(Router router) {
    router.post("/api/v1/groups/:name/consultations").handler(this::open);
    router.post("/api/v1/threads/:id/votes").handler(this::vote);
    router.post("/api/v1/threads/:id/response").handler(this::respond);
    router.get("/api/v1/threads/:id/report").handler(ctx -> data(ctx, reports::report, ConsultationCsv::report, "report"));
    router.get("/api/v1/threads/:id/export").handler(ctx -> data(ctx, export::export, ConsultationCsv::export, "export"));
  }

  /**
   * {title, content, inputClosesAt, deliberationEndsAt?, kind?, eligibility?, poll?: {options | candidates, multiple, endsAt?},
   * partyWide?}: the Group's moderators; partyWide only for a hub (a Group with branches).
   */
  private void open(RoutingContext ctx) {
    Principal author = Permissions.signedIn(Authentication.principal(ctx));
    JsonBody body = JsonBody.of(ctx);
    String title = body.requiredString("title");
    String content = body.requiredString("content");
    Instant inputClosesAt = instant("inputClosesAt", body.requiredString("inputClosesAt"));
    Optional<Instant> deliberationEndsAt = body.string("deliberationEndsAt").map(v -> instant("deliberationEndsAt", v));
    Optional<Consultations.PollSpec> poll = BallotRequests.poll(body, ConsultationRoutes::pollSpec);
    Object partyWide = body.raw("partyWide");
    if (partyWide != null && !(partyWide instanceof Boolean)) {
      throw new HttpError(422, "invalid_partyWide", "partyWide is true or false.");
    }
    groups.find(ctx.pathParam("name"))
        .compose(group -> consultations.open(author, group, title, content, inputClosesAt, deliberationEndsAt, poll,
            Boolean.TRUE.equals(partyWide)))
        .compose(root -> reads.read(root.threadId()))
        .onSuccess(thread -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Cache-Control", "no-store").end(thread.json()))
        .onFailure(ctx::fail);
  }

  /** {choices: [option index]}: local accounts, once each, while the poll is open. */
  private void vote(RoutingContext ctx) {
    Principal voter = Permissions.signedIn(Authentication.principal(ctx));
    long id = PathIds.of(ctx, "id");
    List<Integer> choices = choices(JsonBody.of(ctx));
    consultations.vote(voter, id, choices).onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }

  /** {choices: [option index]}, at most as many as a poll has options. */
  static List<Integer> choices(JsonBody body) {
    Object raw = body.raw("choices");
    if (!(raw instanceof JsonArray array) || array.size() > Consultations.MAX_OPTIONS) {
      throw new HttpError(422, "invalid_choices", "choices is a list of option indexes.");
    }
    List<Integer> choices = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof Number n) || n.doubleValue() != n.intValue()) {
        throw new HttpError(422, "invalid_choices", "choices is a list of option indexes.");
      }
      choices.add(n.intValue());
    }
    return choices;
  }

  /** {content (Markdown), cites: [post id]}: the Group's moderators, once input has closed. */
  private void respond(RoutingContext ctx) {
    Principal by = Permissions.signedIn(Authentication.principal(ctx));
    long id = PathIds.of(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    String content = body.requiredString("content");
    List<Long> cites = new ArrayList<>();
    for (String raw : body.strings("cites")) {
      try {
        cites.add(Long.parseLong(raw));
      } catch (NumberFormatException e) {
        throw new HttpError(422, "invalid_cites", "cites is a list of post ids.");
      }
    }
    consultations.respond(by, id, content, cites)
        .onSuccess(post -> ApiResponses.json(ctx, 201, ApiDocuments.postOnly(post))).onFailure(ctx::fail);
  }

  /** JSON, or with ?format=csv the CSV, written on a worker thread. */
  private void data(RoutingContext ctx, Function<Long, Future<JsonObject>> make, Function<JsonObject, String> csv, String name) {
    long id = PathIds.of(ctx, "id");
    String format = Optional.ofNullable(ctx.request().getParam("format")).orElse("json");
    if (!format.equals("json") && !format.equals("csv")) {
      throw new HttpError(400, "bad_request", "format is json or csv.");
    }
    make.apply(id).compose(json -> format.equals("json") ? Future.succeededFuture(json.toBuffer())
        : vertx.executeBlocking(() -> io.vertx.core.buffer.Buffer.buffer(csv.apply(json)), false))
        .onSuccess(bytes -> ctx.response().setStatusCode(200)
            .putHeader("Content-Type", format.equals("csv") ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
            .putHeader("Content-Disposition", "inline; filename=\"consultation-" + id + "-" + name + "." + format + "\"")
            .putHeader("Cache-Control", "no-cache")
            .end(bytes))
        .onFailure(ctx::fail);
  }

  private static Optional<Consultations.PollSpec> pollSpec(Object raw) {
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof JsonObject poll) || !(poll.getValue("options") instanceof JsonArray options)
        || options.size() > Consultations.MAX_OPTIONS || !options.stream().allMatch(o -> o instanceof String)) {
      throw new HttpError(422, "invalid_poll", "poll is {options: [text], multiple, endsAt}, with at most "
          + Consultations.MAX_OPTIONS + " options.");
    }
    Object multiple = poll.getValue("multiple");
    if (multiple != null && !(multiple instanceof Boolean)) {
      throw new HttpError(422, "invalid_poll", "poll.multiple is true or false.");
    }
    Object endsAt = poll.getValue("endsAt");
    if (endsAt != null && !(endsAt instanceof String)) {
      throw new HttpError(422, "invalid_poll", "poll.endsAt is a time (ISO 8601).");
    }
    List<String> texts = options.stream().map(o -> (String) o).toList();
    return Optional.of(new Consultations.PollSpec(texts, Boolean.TRUE.equals(multiple),
        Optional.ofNullable((String) endsAt).map(v -> instant("poll.endsAt", v))));
  }

  private static Instant instant(String field, String value) {
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new HttpError(422, "invalid_" + field, field + " is a time in ISO 8601, e.g. 2030-01-31T18:00:00Z.");
    }
  }
}
