package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.torg.server.http.ContentNegotiation.Representation;

/** Which form an Accept field asks for, as Mastodon serves it. */
class ContentNegotiationTest {

  private static Representation of(String... lines) {
    return ContentNegotiation.choose(List.of(lines));
  }

  @Test
  void activityPubAskersGetTheDocumentPlainJsonIncluded() {
    assertEquals(Representation.ACTIVITY_JSON, of("application/activity+json"));
    assertEquals(Representation.ACTIVITY_JSON, of("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
    assertEquals(Representation.ACTIVITY_JSON, of("application/json"));
    assertEquals(Representation.ACTIVITY_JSON,
        of("application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
    assertEquals(Representation.ACTIVITY_JSON, of("application/activity+json, */*"), "Misskey-style: named beats the wildcard");
    assertEquals(Representation.ACTIVITY_JSON, of("APPLICATION/ACTIVITY+JSON"));
  }

  @Test
  void browsersWildcardsAndNothingGetHtml() {
    assertEquals(Representation.HTML,
        of("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"), "Firefox");
    assertEquals(Representation.HTML, of("*/*"));
    assertEquals(Representation.HTML, ContentNegotiation.choose(List.of()), "no Accept");
    assertEquals(Representation.HTML, of(""));
    assertEquals(Representation.HTML, of("image/png"), "nothing offered is acceptable: the page");
    assertEquals(Representation.HTML, of("text/html, application/activity+json"), "equal quality: the one named first");
  }

  @Test
  void qualityValuesDecide() {
    assertEquals(Representation.HTML, of("application/activity+json;q=0.1, text/html"));
    assertEquals(Representation.ACTIVITY_JSON, of("text/html;q=0.5, application/json"));
    assertEquals(Representation.ACTIVITY_JSON, of("text/html; q=0.2, application/activity+json; q=0.3"));
    assertEquals(Representation.HTML, of("application/activity+json;q=0, */*"), "q=0 means not acceptable");
    assertEquals(Representation.HTML, of("application/json;q=0, application/activity+json;q=0"));
    assertEquals(Representation.HTML, of("application/activity+json;q=bogus, text/html;q=0.1"), "a bad q counts as 0");
    assertEquals(Representation.ACTIVITY_JSON, of("application/ld+json; profile=\"a,b\"; q=0.9, text/html;q=0.8"),
        "a comma inside a quoted profile is not a separator");
  }

  @Test
  void severalFieldLinesAreOneList() {
    assertEquals(Representation.ACTIVITY_JSON, of("text/html;q=0.5", "application/activity+json"));
    assertEquals(Representation.HTML, of("application/activity+json;q=0.4", "text/html"));
    assertEquals(Representation.ACTIVITY_JSON, of("*/*;q=0.1", "application/json"));
  }

  @Test
  void aHostileHeaderCostsBoundedWork() {
    String many = "text/plain;q=0.1, ".repeat(10_000) + "application/activity+json";
    assertEquals(Representation.HTML, of(many), "ranges past the cap are not read");
    assertEquals(MediaRanges.MAX_RANGES, MediaRanges.parse(List.of(many)).size());
  }
}
