package org.torg.server.http;

import java.util.ArrayList;
import java.util.List;
import org.torg.server.error.HttpError;

/** {@code media_ids} of a post request (ids of the author's uploads, as strings or numbers). */
final class MediaIds {

  /** More than any configured media.max_attachments: longer lists are refused before any lookup. */
  private static final int MAX_LISTED = 20;

  private MediaIds() {}

  static List<Long> of(JsonBody body) {
    List<String> raw = body.strings("media_ids");
    if (raw.size() > MAX_LISTED) {
      throw new HttpError(422, "too_many_attachments", "media_ids lists at most " + MAX_LISTED + " ids.");
    }
    List<Long> ids = new ArrayList<>();
    for (String s : raw) {
      try {
        ids.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new HttpError(422, "invalid_media_ids", "media_ids must be a list of ids.");
      }
    }
    return ids;
  }
}
