package org.torg.server.processing.moves;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.torg.server.error.HttpError;

/**
 * Reads a Mastodon account CSV (following, blocked or muted accounts): the account address in
 * the first column, {@code name@host} or {@code @name@host}, a header row or none (Mastodon's
 * importer takes both), other columns ignored. Any bad line rejects the whole upload with its line
 * number, so nothing is half imported.
 */
public final class ImportCsv {

  /** An address and the line (1-based, as an editor shows it) it was on. */
  public record Entry(int line, String address) {}

  static final int MAX_ADDRESS = 320;
  private static final Pattern ADDRESS = Pattern.compile("@?[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}@[A-Za-z0-9][A-Za-z0-9.\\-]{0,252}(:\\d{1,5})?");

  private ImportCsv() {}

  public static List<Entry> parse(String text, int maxRows) {
    List<Entry> out = new ArrayList<>();
    try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text))
        .setFormat(CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get()).get()) {
      for (CSVRecord record : parser) {
        int line = (int) parser.getCurrentLineNumber();
        String first = record.size() == 0 ? "" : record.get(0);
        if (record.getRecordNumber() == 1 && first.equalsIgnoreCase("Account address")) {
          continue;
        }
        if (first.isEmpty() && record.size() == 1) {
          continue;
        }
        if (first.length() > MAX_ADDRESS || !ADDRESS.matcher(first).matches()) {
          throw new HttpError(400, "invalid_csv", "Line " + line + ": \"" + abbreviate(first)
              + "\" is not an account address (name@host).");
        }
        if (out.size() == maxRows) {
          throw new HttpError(413, "too_many_rows", "At most " + maxRows + " accounts in one import.");
        }
        out.add(new Entry(line, first.startsWith("@") ? first.substring(1) : first));
      }
    } catch (UncheckedIOException | IllegalStateException e) {
      // Commons CSV reports an unclosed quote and the like with the position it stopped at.
      throw new HttpError(400, "invalid_csv", "The file is not valid CSV: " + abbreviate(String.valueOf(e.getMessage())));
    } catch (IOException e) {
      throw new HttpError(400, "invalid_csv", "The file is not valid CSV.");
    }
    if (out.isEmpty()) {
      throw new HttpError(422, "empty_import", "The file lists no accounts.");
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
