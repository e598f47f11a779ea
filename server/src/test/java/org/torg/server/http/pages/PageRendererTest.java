package org.torg.server.http.pages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The templates escape what people wrote in every context they put it: text, attributes, script data. */
class PageRendererTest {

  static final PageRenderer RENDERER = new PageRenderer(Messages.load());
  static final String HOSTILE = "\"><script>alert(1)</script>'";

  @Test
  void textAndAttributesAreEscaped() {
    Map<String, Object> model = new HashMap<>();
    model.put("lang", "en");
    model.put("instanceName", HOSTILE);
    model.put("name", HOSTILE);
    model.put("handle", HOSTILE);
    model.put("summary", "");
    model.put("path", "/users/x\"onmouseover=alert(1)");
    model.put("ogTitle", HOSTILE);
    model.put("scriptStrings", "{}");
    String html = RENDERER.render("profile", model, Locale.ENGLISH);
    assertFalse(html.contains("<script>alert(1)"), html);
    assertFalse(html.contains("\"><script"), html);
    assertTrue(html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;\""), html);
    assertFalse(html.contains("x\"onmouseover"), "the path is URL-encoded in the sign-in link");
  }

  @Test
  void anOwnPostsSourceIsEscapedInItsDataAttribute() {
    PostView post = new PostView(7, "http://t/posts/7", "http://t/posts/7", null, "A", "@a@t", "t", "http://t/users/a", true,
        "2026-01-01T00:00:00Z", "1 Jan", null, null, 0, 0, false, false, "<p>safe</p>", "say \"hi\" <b>", "http://t/users/a", List.of(),
        List.of());
    Map<String, Object> model = new HashMap<>();
    model.put("lang", "en");
    model.put("post", post);
    model.put("focus", post);
    model.put("signedIn", true);
    model.put("thread", Map.of("id", 1, "title", "T", "url", "http://t/threads/1"));
    model.put("scriptStrings", "{}");
    String html = RENDERER.render("post", model, Locale.ENGLISH);
    assertTrue(html.contains("data-source=\"say &quot;hi&quot; &lt;b&gt;\""), html);
    assertTrue(html.contains("<p>safe</p>"), "content is Torg's safe HTML and goes in as it is");
  }
}
