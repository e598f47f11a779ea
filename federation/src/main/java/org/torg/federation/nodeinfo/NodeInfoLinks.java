package org.torg.federation.nodeinfo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the NodeInfo document to read from a server's {@code /.well-known/nodeinfo} JRD. Servers
 * list several schema versions (Mastodon 2.0; Lemmy, PieFed, Torg 2.0 and 2.1; Pleroma 2.0 and
 * 2.1; old Friendica 1.0 too); every version carries {@code software.name}, so any will do, and
 * the highest 2.x is preferred as the one servers keep up to date.
 */
final class NodeInfoLinks {

  /**
   * The rel names the schema. Tolerated beyond the spec: https instead of http, and a trailing
   * {@code #} or slash, both seen in the wild.
   */
  private static final Pattern SCHEMA_REL =
      Pattern.compile("https?://nodeinfo\\.diaspora\\.software/ns/schema/(\\d{1,3})\\.(\\d{1,3})[#/]?");

  /** 2.x above any other major version (a future 3.0 may rename fields), then the higher version. */
  private static final Comparator<Candidate> PREFERENCE = Comparator
      .comparing((Candidate c) -> c.major() == 2)
      .thenComparingInt(Candidate::major)
      .thenComparingInt(Candidate::minor);

  private record Candidate(int major, int minor, URI href) {}

  private NodeInfoLinks() {}

  /**
   * @param wellKnown the URL the JRD was read from: a relative href resolves against it
   * @return the document's absolute URL, or empty when no link names a NodeInfo schema with a
   *     usable href
   */
  static Optional<URI> choose(JsonObject jrd, URI wellKnown) {
    if (!(jrd.getValue("links") instanceof JsonArray links)) {
      return Optional.empty();
    }
    Candidate best = null;
    for (Object item : links) {
      if (!(item instanceof JsonObject link)
          || !(link.getValue("rel") instanceof String rel)
          || !(link.getValue("href") instanceof String href)
          || href.isBlank()) {
        continue;
      }
      Matcher schema = SCHEMA_REL.matcher(rel.trim());
      if (!schema.matches()) {
        // Other rels share this JRD: Torg links its instance actor here (FEP-2677).
        continue;
      }
      URI resolved;
      try {
        resolved = wellKnown.resolve(href.trim());
      } catch (IllegalArgumentException e) {
        continue;
      }
      Candidate candidate = new Candidate(Integer.parseInt(schema.group(1)), Integer.parseInt(schema.group(2)), resolved);
      if (best == null || PREFERENCE.compare(candidate, best) > 0) {
        best = candidate;
      }
    }
    return Optional.ofNullable(best).map(Candidate::href);
  }
}
