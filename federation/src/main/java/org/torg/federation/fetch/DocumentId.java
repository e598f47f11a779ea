package org.torg.federation.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a document's {@code id} names the URL it was fetched from. Without this check, any
 * server could hand out a document claiming to be another server's actor or post (Mastodon
 * refuses such documents too).
 *
 * <p>Only differences that cannot change the resource are forgiven: the case of scheme and host,
 * an explicit default port and an empty path for {@code /}. An id with a fragment names a part
 * of a document, not the document fetched, so it never matches.
 */
final class DocumentId {

  private DocumentId() {}

  static boolean names(Object id, URI fetchedUrl) {
    if (!(id instanceof String text)) {
      return false;
    }
    try {
      URI parsed = new URI(text);
      return parsed.isAbsolute() && !parsed.isOpaque() && canonical(parsed).equals(canonical(fetchedUrl));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String canonical(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    String port = uri.getPort() == -1 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort();
    String host = uri.getHost() == null ? uri.getRawAuthority() : uri.getHost().toLowerCase(Locale.ROOT);
    String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String fragment = uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment();
    return scheme + "://" + userInfo + host + port + path + query + fragment;
  }
}
