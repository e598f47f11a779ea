package org.torg.federation.fetch;

import java.util.Locale;
import java.util.Set;

/**
 * Which response Content-Types may hold an ActivityPub document: activity+json and ld+json
 * (any profile), as Mastodon since 4.2.5 (CVE-2024-23832). Plain application/json is refused:
 * a host that serves user uploads as JSON on its own domain would otherwise let a file carry its
 * own URL as {@code id}, pass the id check, and be trusted as an object of that host's actors.
 */
final class ActivityJsonMediaType {

  private static final Set<String> ACCEPTED =
      Set.of("application/activity+json", "application/ld+json");

  private ActivityJsonMediaType() {}

  /** True for an accepted type with any parameters; false for null, empty or anything else. */
  static boolean isAccepted(String contentTypeHeader) {
    if (contentTypeHeader == null) {
      return false;
    }
    int semicolon = contentTypeHeader.indexOf(';');
    String mediaType = semicolon < 0 ? contentTypeHeader : contentTypeHeader.substring(0, semicolon);
    return ACCEPTED.contains(mediaType.trim().toLowerCase(Locale.ROOT));
  }
}
