package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.torg.server.model.ActorProfile;
import org.torg.server.model.ProfileField;

/**
 * A remote actor's header ({@code image}) and fields ({@code attachment} of PropertyValue, as
 * Mastodon, Misskey and GoToSocial send them) as Torg keeps them: the header only as an http(s)
 * URL, at most {@code maxFields} fields, names as plain text and values through {@link RemoteHtml},
 * each cut to a bound; anything else in {@code attachment} (Link, IdentityProof) is skipped.
 */
public final class RemoteProfiles {

  static final int MAX_NAME = 255;
  /** Values are HTML: room for a link's markup around 255 characters of text. */
  static final int MAX_VALUE_HTML = 2048;
  private static final int MAX_URL = 2048;

  private RemoteProfiles() {}

  public static ActorProfile of(JsonObject doc, int maxFields) {
    return new ActorProfile(headerUrl(doc.getValue("image")), fields(doc.getValue("attachment"), maxFields));
  }

  private static String headerUrl(Object image) {
    if (image instanceof JsonArray array) {
      return array.isEmpty() ? null : headerUrl(array.getValue(0));
    }
    Object url = image instanceof JsonObject o ? o.getValue("url") : null;
    if (url instanceof JsonObject link) {
      url = link.getValue("href");
    }
    return url instanceof String s && (s.startsWith("https://") || s.startsWith("http://")) && s.length() <= MAX_URL ? s : null;
  }

  private static List<ProfileField> fields(Object attachment, int maxFields) {
    List<ProfileField> out = new ArrayList<>();
    JsonArray all = attachment instanceof JsonArray a ? a : attachment instanceof JsonObject o ? new JsonArray().add(o) : new JsonArray();
    for (Object o : all) {
      if (out.size() >= maxFields) {
        break;
      }
      if (o instanceof JsonObject f && "PropertyValue".equals(f.getValue("type")) && f.getValue("name") instanceof String name
          && f.getValue("value") instanceof String value && !name.isBlank()) {
        String html = RemoteHtml.sanitize(value.length() > 4 * MAX_VALUE_HTML ? value.substring(0, 4 * MAX_VALUE_HTML) : value);
        if (html.length() > MAX_VALUE_HTML) {
          continue;
        }
        String plain = name.strip();
        out.add(new ProfileField(plain.length() > MAX_NAME ? plain.substring(0, MAX_NAME) : plain, html, null));
      }
    }
    return out;
  }
}
