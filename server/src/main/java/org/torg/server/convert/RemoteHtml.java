package org.torg.server.convert;

import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The allowlist every HTML fragment from another server passes before Torg stores it
 * (INTEROP §7, Mastodon's sanitize config): text formatting, lists, quotes, code and links.
 * No images, scripts, styles, iframes or event handlers; links only http(s), with
 * rel="nofollow noopener noreferrer"; classes only microformats and Mastodon's few.
 */
public final class RemoteHtml {

  private static final Pattern ALLOWED_CLASSES =
      Pattern.compile("^((h|p|u|dt|e)-[a-z0-9-]+|mention|hashtag|ellipsis|invisible)( ((h|p|u|dt|e)-[a-z0-9-]+|mention|hashtag|ellipsis|invisible))*$");

  private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
      .allowElements("p", "br", "span", "a", "del", "s", "pre", "blockquote", "code", "b", "strong", "u", "i", "em", "ul", "ol", "li")
      .allowUrlProtocols("http", "https")
      .allowAttributes("href").onElements("a")
      .allowAttributes("class").matching(ALLOWED_CLASSES).onElements("a", "span")
      .allowAttributes("start", "reversed").onElements("ol")
      .allowAttributes("value").onElements("li")
      .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
      .toFactory();

  private RemoteHtml() {}

  /** Null stays null: "no summary" is not the same as an empty one. */
  public static String sanitize(String html) {
    return html == null ? null : POLICY.sanitize(html);
  }
}
