package org.torg.server.processing.accounts;

import org.owasp.encoder.Encode;

/**
 * A bio as written (plain text) rendered as the actor's {@code summary}: escaped, paragraphs at
 * blank lines, line breaks kept. Plain text, so nothing in it can become markup.
 */
final class ProfileHtml {

  private ProfileHtml() {}

  static String summary(String bio) {
    if (bio == null || bio.isBlank()) {
      return null;
    }
    StringBuilder html = new StringBuilder();
    for (String paragraph : bio.strip().split("\\R\\s*\\R")) {
      html.append("<p>");
      String[] lines = paragraph.strip().split("\\R");
      for (int i = 0; i < lines.length; i++) {
        html.append(i == 0 ? "" : "<br>").append(Encode.forHtml(lines[i].strip()));
      }
      html.append("</p>");
    }
    return html.toString();
  }
}
