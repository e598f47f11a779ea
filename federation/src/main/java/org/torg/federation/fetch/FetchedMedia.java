package org.torg.federation.fetch;

import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A remote attachment's bytes from {@link DocumentFetcher#fetchMedia}: its Content-Type was one of
 * {@link #TYPES}. The type is the peer's claim; whoever keeps the bytes checks them too.
 *
 * @param finalUrl the URL the file was read from, after redirects
 */
public record FetchedMedia(URI finalUrl, String contentType, Buffer body) {

  /** What a media fetch asks for and accepts: the images Torg shows and PDFs. */
  public static final List<String> TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf");

  static boolean isAccepted(String contentTypeHeader) {
    if (contentTypeHeader == null) {
      return false;
    }
    int semicolon = contentTypeHeader.indexOf(';');
    String mediaType = semicolon < 0 ? contentTypeHeader : contentTypeHeader.substring(0, semicolon);
    return TYPES.contains(mediaType.trim().toLowerCase(Locale.ROOT));
  }
}
