package org.torg.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads ActivityStreams properties that peers send in more than one shape: a value or an array of
 * values, an id or an embedded object with an id, a URL string or a Link. Anything of an
 * unexpected JSON type reads as absent rather than failing, because every server fills these
 * properties a little differently and one odd property must not cost a whole post.
 */
final class PropertyValues {

  /** Longer ids or URLs than this are not ids any peer mints; they are read as absent. */
  static final int MAX_URL_CHARS = 2048;

  private PropertyValues() {}

  /** A non-blank string property, or null. */
  static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s && !s.isBlank() ? s : null;
  }

  /** The elements of an array, a single value as a one-element list, or nothing for null. */
  static List<Object> values(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonArray array) {
      List<Object> out = new ArrayList<>(array.size());
      for (Object element : array) {
        if (element != null) {
          out.add(element);
        }
      }
      return out;
    }
    return List.of(value);
  }

  /** An id string, or the id of an embedded object; null when neither or longer than a URL may be. */
  static String idOf(Object value) {
    String id = null;
    if (value instanceof String s) {
      id = s;
    } else if (value instanceof JsonObject o && o.getValue("id") instanceof String s) {
      id = s;
    }
    return id == null || id.isBlank() || id.length() > MAX_URL_CHARS ? null : id.strip();
  }

  /** The first id of a value that may be an array (of ids or objects). */
  static String firstId(Object value) {
    for (Object element : values(value)) {
      String id = idOf(element);
      if (id != null) {
        return id;
      }
    }
    return null;
  }

  /** Every id in a value that may be an array, de-duplicated in order, at most {@code cap} of them. */
  static List<String> ids(Object value, int cap) {
    Set<String> out = new LinkedHashSet<>();
    for (Object element : values(value)) {
      String id = idOf(element);
      if (id != null) {
        out.add(id);
        if (out.size() == cap) {
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  /** True for an absolute http or https URL with a host: the only ids Torg stores or fetches. */
  static boolean isHttpUrl(String value) {
    if (value == null || value.length() > MAX_URL_CHARS) {
      return false;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      return scheme != null && uri.getHost() != null
          && ("https".equals(scheme.toLowerCase(Locale.ROOT)) || "http".equals(scheme.toLowerCase(Locale.ROOT)));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * The http(s) address a URL-valued property points at: a string, or a Link's {@code href}
   * (objects such as Image carry it in {@code url} instead). Null when there is none.
   */
  static String href(Object value) {
    String candidate = null;
    if (value instanceof String s) {
      candidate = s;
    } else if (value instanceof JsonObject link) {
      candidate = link.getValue("href") instanceof String h ? h
          : link.getValue("url") instanceof String u ? u : null;
    }
    return candidate != null && isHttpUrl(candidate.strip()) ? candidate.strip() : null;
  }

  /** The first http(s) address in a value that may be an array of strings and Links. */
  static String firstHref(Object value) {
    for (Object element : values(value)) {
      String href = href(element);
      if (href != null) {
        return href;
      }
    }
    return null;
  }

  /**
   * The media type of a Link: AS2 says {@code mediaType}; Funkwhale and older PeerTube send
   * {@code mimeType}.
   */
  static String mediaTypeOf(Object value) {
    if (value instanceof JsonObject link) {
      String type = text(link, "mediaType");
      return type != null ? type : text(link, "mimeType");
    }
    return null;
  }

  /**
   * The page a post is shown at, from a {@code url} that may be a string, a Link, or an array of
   * both (PeerTube lists its HTML page among video files and torrents): the first text/html
   * link, else the first link without a media type, else the first http(s) link at all.
   */
  static String preferredHtmlUrl(Object value) {
    String untyped = null;
    String any = null;
    for (Object element : values(value)) {
      String href = href(element);
      if (href == null) {
        continue;
      }
      String mediaType = mediaTypeOf(element);
      if (mediaType != null && mediaType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
        return href;
      }
      if (mediaType == null && untyped == null) {
        untyped = href;
      }
      if (any == null) {
        any = href;
      }
    }
    return untyped != null ? untyped : any;
  }

  /** The {@code type} of an object, or the first string of a type array; null when none. */
  static String typeOf(JsonObject json) {
    for (Object type : values(json.getValue("type"))) {
      if (type instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }

  /** Every string in a {@code type} that may be an array (JSON-LD allows several types). */
  static List<String> typesOf(JsonObject json) {
    List<String> out = new ArrayList<>();
    for (Object type : values(json.getValue("type"))) {
      if (type instanceof String s && !s.isBlank()) {
        out.add(s);
      }
    }
    return out;
  }
}
