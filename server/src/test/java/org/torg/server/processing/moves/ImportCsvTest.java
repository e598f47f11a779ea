package org.torg.server.processing.moves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.torg.server.error.HttpError;

/** Mastodon's account CSVs as its exports write them and as people edit them; a bad line refuses the file, naming the line. */
class ImportCsvTest {

  @Test
  void readsMastodonsFollowingExportWithOrWithoutItsHeader() {
    String mastodon = "Account address,Show boosts,Notify on new posts,Languages\n"
        + "Gargron@mastodon.social,true,false,\n" + "ada@torg.example,false,true,\"en, sv\"\n";
    assertEquals(List.of(new ImportCsv.Entry(2, "Gargron@mastodon.social"), new ImportCsv.Entry(3, "ada@torg.example")),
        ImportCsv.parse(mastodon, 10));
    assertEquals(List.of(new ImportCsv.Entry(1, "bo@example.org"), new ImportCsv.Entry(3, "cy@example.org:8443")),
        ImportCsv.parse("@bo@example.org\r\n\r\ncy@example.org:8443\r\n", 10), "CRLF, a blank line, a leading @, a port");
    assertEquals(List.of(new ImportCsv.Entry(1, "troll@example.org")), ImportCsv.parse("troll@example.org", 10), "no final newline");
  }

  @Test
  void aBadLineOrBadCsvRefusesTheWholeFile() {
    HttpError badLine = assertThrows(HttpError.class, () -> ImportCsv.parse("a@example.org\nb@example.org\nhttps://x.example/u\n", 10));
    assertEquals(400, badLine.status());
    assertTrue(badLine.getMessage().startsWith("Line 3:"), badLine.getMessage());
    assertTrue(assertThrows(HttpError.class, () -> ImportCsv.parse("a@example.org\nno address", 10)).getMessage()
        .startsWith("Line 2:"), "a last line without its newline");
    assertEquals(List.of(new ImportCsv.Entry(1, "a@x.org"), new ImportCsv.Entry(2, "b@x.org")), ImportCsv.parse("a@x.org\nb@x.org", 10));
    HttpError unclosed = assertThrows(HttpError.class, () -> ImportCsv.parse("a@example.org\n\"b@example.org,true\n", 10));
    assertEquals(400, unclosed.status());
    assertEquals("invalid_csv", unclosed.code());
    assertEquals(413, assertThrows(HttpError.class, () -> ImportCsv.parse("a@x.org\nb@x.org\nc@x.org\n", 2)).status());
    assertEquals(422, assertThrows(HttpError.class, () -> ImportCsv.parse("Account address,Hide notifications\n", 10)).status());
    assertEquals(400, assertThrows(HttpError.class, () -> ImportCsv.parse("name@\n", 10)).status());
    assertEquals(400, assertThrows(HttpError.class, () -> ImportCsv.parse("a b@example.org\n", 10)).status());
  }

  @Test
  void exportsWriteCsvAsRubyDoes() {
    assertEquals("Account address,Show boosts,Notify on new posts,Languages\nbo@x.org,true,false,\n",
        Exports.csv(List.of(Exports.FOLLOWING_HEADER, new Object[] {"bo@x.org", true, false, ""})));
    assertEquals("\"a,b\"\n", Exports.csv(List.<Object[]>of(new Object[] {"a,b"})), "quoted only when needed");
  }
}
