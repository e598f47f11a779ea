package org.torg.federation.fetch;

import java.util.Locale;
import java.util.Set;

/**
 * Which response Content-Types may hold an ActivityPub document: activity+json, ld+json (any
 * profile) and plain application/json, which some servers still send.
 *
 * <p>This is looser than Mastodon since 4.2.5 (CVE-2024-23832), which takes only activity+json
 * and ld+json with the ActivityStreams profile. That CVE was about hosts serving user-uploaded
 * files as JSON on their own domain: such a file can carry its own URL as {@code id} and pass
 * the id check, and Torg trusts an object on an actor's host as the actor's. Accepting plain
 * application/json reopens that hole on hosts that serve uploads as application/json on their
 * own domain; drop it from {@link #ACCEPTED} when no peer that matters still needs it.
 */
final class ActivityJsonMediaType {

  private static final Set<String> ACCEPTED =
      Set.of("application/activity+json", "application/ld+json", "application/json");

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
