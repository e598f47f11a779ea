package org.torg.server.processing.consultations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV forms of the participation report and the open-data export (RFC 4180, a header line,
 * UTF-8). Run on a worker thread: a large consultation's export is megabytes of text.
 */
public final class ConsultationCsv {

  /** The export's columns, in order; each post's fields of the same names. */
  public static final List<String> EXPORT_COLUMNS = List.of("id", "inReplyTo", "kind", "author", "authorServer", "local", "branch",
      "createdAt", "editedAt", "stance", "cited", "licence", "uri", "url", "content");
  public static final List<String> REPORT_COLUMNS = List.of("metric", "key", "value");

  private static final CsvMapper CSV = new CsvMapper();

  private ConsultationCsv() {}

  /** One line per post; an absent value is an empty field. */
  public static String export(JsonObject export) {
    List<List<String>> rows = new ArrayList<>();
    for (Object o : export.getJsonArray("posts")) {
      JsonObject post = (JsonObject) o;
      rows.add(EXPORT_COLUMNS.stream().map(c -> post.getValue(c) == null ? "" : String.valueOf(post.getValue(c))).toList());
    }
    return write(EXPORT_COLUMNS, rows);
  }

  /**
   * The report as {@code metric,key,value} lines: {@code participants,,5},
   * {@code server,mastodon.example,2}, {@code replies,for,3}, {@code poll,<option>,4}, …
   */
  public static String report(JsonObject report) {
    List<List<String>> rows = new ArrayList<>();
    for (String metric : List.of("participants", "localParticipants", "remoteParticipants", "citizenReplies", "answeredShare",
        "medianAnswerSeconds")) {
      Object v = report.getValue(metric);
      rows.add(List.of(metric, "", v == null ? "" : String.valueOf(v)));
    }
    for (Object o : report.getJsonArray("servers")) {
      JsonObject s = (JsonObject) o;
      rows.add(List.of("server", s.getString("host"), String.valueOf(s.getInteger("participants"))));
    }
    JsonObject replies = report.getJsonObject("replies");
    for (String key : List.of("total", "for", "against", "amendment", "none")) {
      rows.add(List.of("replies", key, String.valueOf(replies.getInteger(key))));
    }
    JsonObject party = report.getJsonObject("partyWide");
    if (party != null) {
      // A branch's figures keyed by its actor URI, the direct ones by "direct", each also per server ("<key> <host>").
      List<JsonObject> parts = new ArrayList<>();
      party.getJsonArray("branches").forEach(b -> parts.add((JsonObject) b));
      parts.add(party.getJsonObject("direct").copy().put("branch", "direct"));
      for (JsonObject part : parts) {
        String key = part.getString("branch");
        rows.add(List.of("branchParticipants", key, String.valueOf(part.getInteger("participants"))));
        rows.add(List.of("branchReplies", key, String.valueOf(part.getInteger("replies"))));
        for (Object o : part.getJsonArray("servers")) {
          JsonObject s = (JsonObject) o;
          rows.add(List.of("branchServer", key + " " + s.getString("host"), String.valueOf(s.getInteger("participants"))));
        }
      }
    }
    JsonObject poll = report.getJsonObject("poll");
    if (poll != null) {
      for (Object o : poll.getJsonArray("options")) {
        JsonObject option = (JsonObject) o;
        rows.add(List.of("poll", option.getString("title"), String.valueOf(option.getInteger("votes"))));
      }
      rows.add(List.of("pollVoters", "", String.valueOf(poll.getInteger("voters"))));
      // A members-only poll: refusals by reason, counted voters by vouching branch.
      JsonObject refused = poll.getJsonObject("refused");
      if (refused != null && "members".equals(poll.getString("eligibility"))) {
        refused.getJsonObject("reasons").forEach(e -> rows.add(List.of("refusedVotes", e.getKey(), String.valueOf(e.getValue()))));
        poll.getJsonArray("branches").forEach(o -> rows.add(List.of("branchVoters", ((JsonObject) o).getString("branch"),
            String.valueOf(((JsonObject) o).getInteger("voters")))));
      }
    }
    return write(REPORT_COLUMNS, rows);
  }

  private static String write(List<String> header, List<List<String>> rows) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    header.forEach(schema::addColumn);
    try {
      return CSV.writer(schema.build()).writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
