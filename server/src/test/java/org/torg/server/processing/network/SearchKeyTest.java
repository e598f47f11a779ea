package org.torg.server.processing.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** "The branch near me" matches places as people type them: any case, accents or none. */
class SearchKeyTest {

  @Test
  void accentsAndCaseAreFoldedAway() {
    assertEquals("goteborg", SearchKey.fold("Göteborg"));
    assertEquals("vastra gotaland", SearchKey.fold("  Västra   Götaland "));
    assertEquals("malaga", SearchKey.fold("MÁLAGA"));
  }

  @Test
  void lettersWithoutABaseLetterGetTheirUsualSpelling() {
    assertEquals("tromso", SearchKey.fold("Tromsø"));
    assertEquals("baerum", SearchKey.fold("Bærum"));
    assertEquals("lodz", SearchKey.fold("Łódź"));
  }

  @Test
  void aBranchIsFoundByItsNameDisplayNameOrPlaceButNotAcrossThem() {
    String key = SearchKey.of("vast", "Västkusten", "Göteborg");
    assertTrue(key.contains(SearchKey.fold("goteborg")));
    assertTrue(key.contains(SearchKey.fold("VÄSTKUST")));
    assertFalse(key.contains(SearchKey.fold("kustengoteborg")), "fields are kept apart");
    assertEquals("", SearchKey.fold(null));
  }
}
