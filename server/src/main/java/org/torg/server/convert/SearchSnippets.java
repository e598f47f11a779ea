package org.torg.server.convert;

import org.owasp.encoder.Encode;
import org.owasp.html.Encoding;
import org.torg.server.db.SearchRepository;

/**
 * A search snippet as HTML: the words around a match (the post's text with its character
 * references, from torg_html_text), decoded and escaped anew, with each matched word in {@code <mark>}. The database marks matches with
 * control characters no post keeps, so no marker can be forged by what a post says.
 */
public final class SearchSnippets {

  private SearchSnippets() {}

  public static String html(String snippet) {
    if (snippet == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(snippet.length() + 32);
    StringBuilder text = new StringBuilder();
    boolean open = false;
    for (int i = 0; i < snippet.length(); i++) {
      char c = snippet.charAt(i);
      if (c == SearchRepository.MARK_START && !open) {
        out.append(text(text)).append("<mark>");
        text.setLength(0);
        open = true;
      } else if (c == SearchRepository.MARK_END && open) {
        out.append(text(text)).append("</mark>");
        text.setLength(0);
        open = false;
      } else if (c != SearchRepository.MARK_START && c != SearchRepository.MARK_END) {
        text.append(c);
      }
    }
    out.append(text(text));
    return open ? out.append("</mark>").toString() : out.toString();
  }

  /** A stretch of the post's text: its character references decoded, then everything escaped anew. */
  private static String text(StringBuilder text) {
    return Encode.forHtml(Encoding.decodeHtml(text.toString(), false));
  }
}
