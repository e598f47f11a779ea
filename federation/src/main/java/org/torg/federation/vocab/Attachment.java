package org.torg.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A post's attachment as the peer describes it: Mastodon and Misskey send Document/Image with
 * {@code url}, Lemmy a Link with {@code href} for the post's link, PeerTube and Funkwhale arrays
 * of Links. {@code name} is the alt text; it is not sanitized or cut here.
 */
public record Attachment(String type, String mediaType, String url, String name) {

  /** The attachments of an {@code attachment} value, at most {@code cap}; ones without an http(s) URL are skipped. */
  static List<Attachment> readAll(Object value, int cap) {
    List<Attachment> out = new ArrayList<>();
    for (Object element : PropertyValues.values(value)) {
      if (out.size() == cap) {
        break;
      }
      if (element instanceof JsonObject json) {
        Attachment attachment = read(json);
        if (attachment != null) {
          out.add(attachment);
        }
      }
    }
    return List.copyOf(out);
  }

  private static Attachment read(JsonObject json) {
    String url = PropertyValues.href(json.getValue("href"));
    Object urlValue = json.getValue("url");
    String mediaType = PropertyValues.mediaTypeOf(json);
    if (url == null) {
      url = PropertyValues.firstHref(urlValue);
    }
    if (mediaType == null) {
      // A url given as a Link carries the media type on the Link.
      for (Object link : PropertyValues.values(urlValue)) {
        if (url != null && url.equals(PropertyValues.href(link))) {
          mediaType = PropertyValues.mediaTypeOf(link);
          break;
        }
      }
    }
    if (url == null) {
      return null;
    }
    String type = PropertyValues.typeOf(json);
    return new Attachment(type == null ? "Document" : type, mediaType, url, PropertyValues.text(json, "name"));
  }
}
