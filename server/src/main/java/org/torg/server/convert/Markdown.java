package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * What local authors write (CommonMark, with bare URLs linked) as the HTML a post federates
 * with, and its hashtags as ActivityStreams {@code Hashtag} tags. Raw HTML in the Markdown is
 * escaped, not passed; the result then goes through the same allowlist as remote HTML, so what
 * Torg sends is what Mastodon keeps.
 */
public final class Markdown {

  /** A hashtag: # and a letter, then letters, digits and _, not inside a word or a URL. */
  private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_/#&])#(\\p{L}[\\p{L}\\p{N}_]{0,99})");

  private static final Parser PARSER = Parser.builder().extensions(List.of(AutolinkExtension.create())).build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
      .escapeHtml(true)
      .sanitizeUrls(true)
      .softbreak("<br>")
      .build();

  /** The rendered post: safe HTML and the tags it carries. */
  public record Rendered(String html, JsonArray tags) {}

  private final LocalUris uris;

  public Markdown(LocalUris uris) {
    this.uris = uris;
  }

  /** {@code text} as Markdown that reads as that text: every character Markdown could take as markup escaped. */
  public static String escape(String text) {
    return text.replaceAll("([\\\\`*_\\[\\]()<>#!|~])", "\\\\$1");
  }

  public Rendered render(String markdown) {
    Node document = PARSER.parse(markdown);
    Set<String> hashtags = new LinkedHashSet<>();
    document.accept(new HashtagLinker(hashtags));
    String html = RemoteHtml.sanitize(RENDERER.render(document)).strip();
    JsonArray tags = new JsonArray();
    for (String tag : hashtags) {
      tags.add(new JsonObject().put("type", "Hashtag").put("name", "#" + tag).put("href", uris.tag(tag)));
    }
    return new Rendered(html, tags);
  }

  /** Turns #words in text (not in code or links) into links to the tag's page. */
  private final class HashtagLinker extends AbstractVisitor {

    private final Set<String> found;

    HashtagLinker(Set<String> found) {
      this.found = found;
    }

    @Override
    public void visit(Link link) {
      // Text inside a link stays as written.
    }

    @Override
    public void visit(Code code) {
      // Code stays as written.
    }

    @Override
    public void visit(Text text) {
      String literal = text.getLiteral();
      Matcher m = HASHTAG.matcher(literal);
      if (!m.find()) {
        return;
      }
      int last = 0;
      m.reset();
      while (m.find()) {
        if (m.start() > last) {
          text.insertBefore(new Text(literal.substring(last, m.start())));
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        found.add(name);
        Link link = new Link(uris.tag(name), null);
        link.appendChild(new Text("#" + m.group(1)));
        text.insertBefore(link);
        last = m.end();
      }
      if (last < literal.length()) {
        text.insertBefore(new Text(literal.substring(last)));
      }
      text.unlink();
    }
  }
}
