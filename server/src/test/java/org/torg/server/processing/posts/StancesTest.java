package org.torg.server.processing.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.torg.server.convert.RemoteHtml;

class StancesTest {

  @Test
  void theLeadingHashtagIsTheStance() {
    assertEquals(Optional.of("for"), Stances.leading("#for Yes"));
    assertEquals(Optional.of("amendment"), Stances.leading("  #Amendment: weekends only"));
    assertEquals(Optional.empty(), Stances.leading("#forest walks"));
    assertEquals(Optional.empty(), Stances.leading("I am #for it"));
    assertEquals(Optional.empty(), Stances.leading(null));
  }

  @Test
  void mastodonHtmlAfterSanitizingWithALeadingMention() {
    String html = "<p><span class=\"h-card\"><a href=\"http://torg.test/users/chair\" class=\"u-url mention\">@<span>chair</span></a>"
        + "</span> <a href=\"https://m.example/tags/Against\" class=\"mention hashtag\" rel=\"tag\">#<span>Against</span></a>"
        + " Too expensive.</p>";
    assertEquals(Optional.of("against"), Stances.leadingInHtml(RemoteHtml.sanitize(html)), RemoteHtml.sanitize(html));
    assertEquals(Optional.of("for"), Stances.leadingInHtml("<p>@alice@m.example @bob #for</p>"));
    assertEquals(Optional.empty(), Stances.leadingInHtml("<p>Nothing</p>"));
  }
}
