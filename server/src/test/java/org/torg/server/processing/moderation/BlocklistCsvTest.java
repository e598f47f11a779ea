package org.torg.server.processing.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.torg.server.error.HttpError;
import org.torg.server.model.DomainBlock;

/** Mastodon's blocklist CSV, read and written back byte for byte. */
class BlocklistCsvTest {

  /** As Mastodon's Admin::ExportDomainBlocksController writes it (Ruby CSV: quotes only where needed, LF). */
  static final String MASTODON_EXPORT = """
      #domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate
      spam.example,suspend,false,false,Spam waves,false
      loud.example,silence,true,false,"Harassment, repeatedly",true
      media.example,noop,true,true,"He said \"\"nope\"\"",false
      quiet.example,suspend,false,false,,false
      """;

  @Test
  void aMastodonExportReadsAndWritesBackUnchanged() {
    List<BlocklistCsv.Line> lines = BlocklistCsv.parse(MASTODON_EXPORT);
    assertEquals(4, lines.size());
    List<DomainBlock> blocks = lines.stream().map(l -> l.block().orElseThrow()).toList();
    assertEquals(DomainBlock.Severity.SILENCE, blocks.get(1).severity());
    assertEquals("Harassment, repeatedly", blocks.get(1).reason());
    assertTrue(blocks.get(1).obfuscate());
    assertEquals(DomainBlock.Severity.REJECT_MEDIA, blocks.get(2).severity());
    assertEquals("He said \"nope\"", blocks.get(2).reason());
    assertEquals(MASTODON_EXPORT, BlocklistCsv.format(blocks));
  }

  @Test
  void aListOfDomainsWithoutHeaderSuspendsEach() {
    List<BlocklistCsv.Line> lines = BlocklistCsv.parse("a.example\nb.example\n");
    assertEquals(List.of("a.example", "b.example"), lines.stream().map(l -> l.block().orElseThrow().domain()).toList());
    assertTrue(lines.stream().allMatch(l -> l.block().get().severity() == DomainBlock.Severity.SUSPEND));
  }

  @Test
  void badLinesAreNamedNotApplied() {
    List<BlocklistCsv.Line> lines = BlocklistCsv.parse("#domain,#severity\n,suspend\nx.example,obliterate\ny.example,silence\n");
    assertEquals(Optional.empty(), lines.get(0).block());
    assertEquals("no domain", lines.get(0).problem());
    assertEquals(Optional.empty(), lines.get(1).block());
    assertTrue(lines.get(1).problem().contains("obliterate"));
    assertEquals("y.example", lines.get(2).block().orElseThrow().domain());
  }

  @Test
  void anUnclosedQuoteIsNotCsv() {
    HttpError e = assertThrows(HttpError.class, () -> BlocklistCsv.parse("#domain,#severity\n\"a.example,suspend\n"));
    assertEquals(400, e.status());
  }
}
