package org.torg.federation.fetch;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a fetch asks for and what it accepts back. ActivityPub documents and server metadata
 * (NodeInfo, its JRD of links) travel the same way, through the same SSRF guard and limits, but
 * are trusted differently: only ActivityPub documents may become objects of a remote actor, so
 * only they need the strict content type and the id check.
 */
enum DocumentKind {

  /** Actors, keys, objects, collections: signed, activity+json or ld+json, id = URL. */
  ACTIVITY_STREAMS(DocumentFetcher.ACCEPT, ActivityJsonMediaType::isAccepted, true, true),

  /**
   * An ActivityPub document read only to learn its id: what a page URL a person pasted (a post's
   * {@code url}, not its id) stands for. Its content is never used; the id it names is then
   * fetched as {@link #ACTIVITY_STREAMS}.
   */
  ID_LOOKUP(DocumentFetcher.ACCEPT, ActivityJsonMediaType::isAccepted, true, false),

  /**
   * Public server metadata such as NodeInfo: plain JSON (a JRD for the {@code .well-known}
   * index), with no id to check. Unsigned: these documents are public by design (Mastodon in
   * secure mode serves them unsigned too), and a signature costs an RSA operation per hop for
   * nothing. The result must never be taken for an ActivityPub object, which is why
   * {@link #ACTIVITY_STREAMS} keeps refusing plain JSON (CVE-2024-23832).
   */
  PLAIN_JSON("application/json, application/jrd+json", DocumentKind::isPlainJson, false, false),

  /**
   * A remote post's attachment for the media cache: an image or a PDF (FetchedMedia.TYPES),
   * unsigned like any image request, never read as a document.
   */
  MEDIA(String.join(", ", FetchedMedia.TYPES), FetchedMedia::isAccepted, false, false);

  private static final Set<String> PLAIN_JSON_TYPES = Set.of("application/json", "application/jrd+json");

  private final String accept;
  private final Predicate<String> contentTypeCheck;
  private final boolean signed;
  private final boolean idMustBeUrl;

  DocumentKind(String accept, Predicate<String> contentTypeCheck, boolean signed, boolean idMustBeUrl) {
    this.accept = accept;
    this.contentTypeCheck = contentTypeCheck;
    this.signed = signed;
    this.idMustBeUrl = idMustBeUrl;
  }

  String accept() {
    return accept;
  }

  /** Whether a response with this Content-Type header (null when absent) may be read. */
  boolean acceptsContentType(String contentTypeHeader) {
    return contentTypeCheck.test(contentTypeHeader);
  }

  boolean signed() {
    return signed;
  }

  boolean idMustBeUrl() {
    return idMustBeUrl;
  }

  /**
   * application/json or application/jrd+json with any parameters: NodeInfo 2.1 documents come as
   * {@code application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"}.
   */
  private static boolean isPlainJson(String contentTypeHeader) {
    if (contentTypeHeader == null) {
      return false;
    }
    int semicolon = contentTypeHeader.indexOf(';');
    String mediaType = semicolon < 0 ? contentTypeHeader : contentTypeHeader.substring(0, semicolon);
    return PLAIN_JSON_TYPES.contains(mediaType.trim().toLowerCase(Locale.ROOT));
  }
}
