package org.torg.server.processing.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.owasp.encoder.Encode;
import org.torg.server.error.HttpError;
import org.torg.server.model.ProfileField;

/**
 * A local account's profile fields as it sends them ({@code [{name, value}]}, plain text) checked
 * and rendered: at most {@code profiles.max_fields}, names and values of at most 255 characters
 * (Mastodon's limits), the value escaped and its http(s) URLs made links with rel="me nofollow
 * noopener" (so a site that links back verifies the field, as on Mastodon). A field with both
 * parts blank is dropped, as Mastodon's form does.
 */
public final class ProfileFields {

  public static final int MAX_NAME = 255;
  public static final int MAX_VALUE = 255;
  /** Longer lists are refused before any field is looked at, whatever max_fields says. */
  private static final int HARD_MAX = 16;

  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+", Pattern.CASE_INSENSITIVE);

  private final int maxFields;

  public ProfileFields(int maxFields) {
    this.maxFields = maxFields;
  }

  public int maxFields() {
    return maxFields;
  }

  /** The fields from a request body's {@code fields}, or a 422 saying what is wrong (nothing is stored then). */
  public List<ProfileField> parse(Object raw) {
    if (!(raw instanceof JsonArray array)) {
      throw new HttpError(422, "invalid_fields", "fields is a list of {name, value} objects.");
    }
    if (array.size() > Math.min(maxFields, HARD_MAX)) {
      throw new HttpError(422, "too_many_fields", "A profile has at most " + maxFields + " fields.");
    }
    List<String[]> pairs = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof JsonObject f) || !(f.getValue("name", "") instanceof String name)
          || !(f.getValue("value", "") instanceof String value)) {
        throw new HttpError(422, "invalid_fields", "Each field is an object with a name and a value, both text.");
      }
      pairs.add(new String[] {name, value});
    }
    return fromPairs(pairs);
  }

  /** The same check for name/value pairs from a page's form. */
  public List<ProfileField> fromPairs(List<String[]> pairs) {
    List<ProfileField> fields = new ArrayList<>();
    for (String[] pair : pairs) {
      String name = pair[0] == null ? "" : pair[0].strip();
      String value = pair[1] == null ? "" : pair[1].strip();
      if (name.isEmpty() && value.isEmpty()) {
        continue;
      }
      if (name.isEmpty()) {
        throw new HttpError(422, "invalid_fields", "A field with a value needs a name.");
      }
      if (name.codePointCount(0, name.length()) > MAX_NAME || value.codePointCount(0, value.length()) > MAX_VALUE) {
        throw new HttpError(422, "field_too_long",
            "A field's name and value have at most " + MAX_NAME + " and " + MAX_VALUE + " characters.");
      }
      if (name.chars().anyMatch(c -> c < 0x20) || value.chars().anyMatch(c -> c < 0x20)) {
        throw new HttpError(422, "invalid_fields", "A field is one line of text.");
      }
      fields.add(new ProfileField(name, html(value), value));
    }
    if (fields.size() > maxFields) {
      throw new HttpError(422, "too_many_fields", "A profile has at most " + maxFields + " fields.");
    }
    return fields;
  }

  /** Plain text as HTML: escaped, with its URLs as links (shown without the scheme, as Mastodon does). */
  static String html(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = URL.matcher(text);
    int last = 0;
    while (m.find()) {
      String url = m.group();
      // A sentence's full stop or closing bracket after a URL is not part of it.
      while (!url.isEmpty() && ".,;:!?)]".indexOf(url.charAt(url.length() - 1)) >= 0) {
        url = url.substring(0, url.length() - 1);
      }
      int end = m.start() + url.length();
      out.append(Encode.forHtml(text.substring(last, m.start())));
      String shown = url.replaceFirst("(?i)^https?://", "");
      out.append("<a href=\"").append(Encode.forHtmlAttribute(url)).append("\" rel=\"me nofollow noopener\" target=\"_blank\">")
          .append(Encode.forHtml(shown)).append("</a>");
      last = end;
    }
    out.append(Encode.forHtml(text.substring(last)));
    return out.toString();
  }
}
