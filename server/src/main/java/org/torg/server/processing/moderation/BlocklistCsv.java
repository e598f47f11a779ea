package org.torg.server.processing.moderation;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.torg.server.error.HttpError;
import org.torg.server.model.DomainBlock;

/**
 * Mastodon's domain blocklist CSV (Admin::DomainBlocks export/import): the header
 * {@code #domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate}, one block
 * per line. Severity {@code noop} (only media or reports rejected) is Torg's {@code reject_media}.
 * Like Mastodon, a file without that header is read as one domain per line, suspended.
 */
public final class BlocklistCsv {

  public static final List<String> HEADER = List.of("#domain", "#severity", "#reject_media", "#reject_reports",
      "#public_comment", "#obfuscate");
  /** Mastodon imports at most this many rows at once (Admin::Import::ROWS_PROCESSING_LIMIT). */
  public static final int MAX_ROWS = 20_000;

  /** One parsed line: a block, or why the line was skipped. */
  public record Line(int number, Optional<DomainBlock> block, String problem) {}

  private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES);

  private BlocklistCsv() {}

  public static List<Line> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class).with(CsvSchema.emptySchema()).readValues(text)) {
      while (it.hasNext()) {
        rows.add(it.next());
        if (rows.size() > MAX_ROWS + 1) {
          throw new HttpError(413, "too_large", "A blocklist has at most " + MAX_ROWS + " lines.");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof HttpError h) {
        throw h;
      }
      throw new HttpError(400, "bad_csv", "That is not CSV: " + firstLine(e.getMessage()));
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> first = rows.get(0);
    boolean headed = !first.isEmpty() && "#domain".equals(first.get(0).strip());
    List<String> columns = headed ? first.stream().map(String::strip).toList() : List.of("#domain");
    List<Line> out = new ArrayList<>();
    for (int i = headed ? 1 : 0; i < rows.size(); i++) {
      out.add(line(i + 1, columns, rows.get(i)));
    }
    return out;
  }

  private static Line line(int number, List<String> columns, List<String> row) {
    String domain = field(columns, row, "#domain").orElse("").strip();
    if (domain.isEmpty()) {
      return new Line(number, Optional.empty(), "no domain");
    }
    String rawSeverity = field(columns, row, "#severity").map(String::strip).filter(s -> !s.isEmpty()).orElse("suspend");
    Optional<DomainBlock.Severity> severity = DomainBlock.Severity.fromWire(rawSeverity);
    if (severity.isEmpty()) {
      return new Line(number, Optional.empty(), "unknown severity " + rawSeverity);
    }
    return new Line(number, Optional.of(new DomainBlock(domain, severity.get(), bool(columns, row, "#reject_media"),
        bool(columns, row, "#reject_reports"), field(columns, row, "#public_comment").map(String::strip).orElse(""),
        bool(columns, row, "#obfuscate"), Instant.EPOCH)), null);
  }

  /**
   * The CSV as Mastodon writes it (Ruby's CSV): a field is quoted only when it holds a comma, a
   * quote or a line break, quotes are doubled, lines end in LF. An empty comment is an empty field.
   */
  public static String format(List<DomainBlock> blocks) {
    StringBuilder out = new StringBuilder(String.join(",", HEADER)).append('\n');
    for (DomainBlock b : blocks) {
      out.append(quoted(b.domain())).append(',')
          .append(b.severity() == DomainBlock.Severity.REJECT_MEDIA ? "noop" : b.severity().wire()).append(',')
          .append(b.rejectMedia()).append(',')
          .append(b.rejectReports()).append(',')
          .append(quoted(b.reason())).append(',')
          .append(b.obfuscate()).append('\n');
    }
    return out.toString();
  }

  private static String quoted(String field) {
    if (field == null) {
      return "";
    }
    if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }

  private static Optional<String> field(List<String> columns, List<String> row, String name) {
    int i = columns.indexOf(name);
    return i < 0 || i >= row.size() ? Optional.empty() : Optional.ofNullable(row.get(i));
  }

  /** As Rails casts booleans: "true", "t", "1", "on" and the like are true; empty or anything else false. */
  private static boolean bool(List<String> columns, List<String> row, String name) {
    String v = field(columns, row, name).orElse("").strip().toLowerCase(Locale.ROOT);
    return !v.isEmpty() && !List.of("false", "f", "0", "off", "no", "n").contains(v);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
