package org.torg.server.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.torg.federation.vocab.ActivityStreams;

/**
 * One URL, two audiences, chosen from {@code Accept} as Mastodon does: servers asking for
 * {@code application/activity+json}, {@code application/ld+json} or plain
 * {@code application/json} (which Mastodon registers as the same format) get the ActivityPub
 * document; browsers ({@code text/html,…}), {@code *}{@code /*} alone and requests without
 * {@code Accept} get HTML. Every Accept field line counts (combined, RFC 9110 §5.3), and
 * quality values decide: {@code application/activity+json;q=0.1, text/html} is HTML. Both
 * answers vary on Accept, so no cache in between hands one form to a request for the other.
 */
public final class ContentNegotiation {

  /** The two forms a page-or-document URL has. */
  public enum Representation { ACTIVITY_JSON, HTML }

  private static final List<String[]> JSON_TYPES = List.of(
      new String[] {"application", "activity+json"}, new String[] {"application", "ld+json"}, new String[] {"application", "json"});
  private static final List<String[]> HTML_TYPES = List.of(
      new String[] {"text", "html"}, new String[] {"application", "xhtml+xml"});

  private ContentNegotiation() {}

  public static boolean wantsActivityJson(HttpServerRequest request) {
    return choose(request.headers().getAll("Accept")) == Representation.ACTIVITY_JSON;
  }

  /**
   * The form for these Accept field lines: the one with the higher quality; at equal quality the
   * one named more specifically, then the one named first; HTML when neither is preferred (a
   * tie on {@code *}{@code /*}, nothing acceptable, no Accept at all).
   */
  static Representation choose(List<String> acceptLines) {
    List<MediaRanges.Range> ranges = MediaRanges.parse(acceptLines);
    Match json = best(ranges, JSON_TYPES);
    Match html = best(ranges, HTML_TYPES);
    if (json == null || json.q() <= 0) {
      return Representation.HTML;
    }
    if (html == null || html.q() <= 0) {
      return Representation.ACTIVITY_JSON;
    }
    int byQuality = Double.compare(json.q(), html.q());
    if (byQuality != 0) {
      return byQuality > 0 ? Representation.ACTIVITY_JSON : Representation.HTML;
    }
    if (json.specificity() != html.specificity()) {
      return json.specificity() > html.specificity() ? Representation.ACTIVITY_JSON : Representation.HTML;
    }
    return json.order() < html.order() ? Representation.ACTIVITY_JSON : Representation.HTML;
  }

  private record Match(double q, int specificity, int order) {}

  /** Of the offered types, the best-rated: each rated by the most specific range matching it. */
  private static Match best(List<MediaRanges.Range> ranges, List<String[]> offered) {
    Match best = null;
    for (String[] type : offered) {
      MediaRanges.Range decisive = null;
      for (MediaRanges.Range range : ranges) {
        if (range.matches(type[0], type[1]) && (decisive == null || range.specificity() > decisive.specificity())) {
          decisive = range;
        }
      }
      if (decisive == null) {
        continue;
      }
      Match match = new Match(decisive.q(), decisive.specificity(), decisive.order());
      if (best == null || match.q() > best.q()
          || (match.q() == best.q() && (match.specificity() > best.specificity()
              || (match.specificity() == best.specificity() && match.order() < best.order())))) {
        best = match;
      }
    }
    return best;
  }

  public static void sendActivityJson(HttpServerResponse response, int status, JsonObject document) {
    response.setStatusCode(status)
        .putHeader("Content-Type", ActivityStreams.CONTENT_TYPE)
        .putHeader("Vary", "Accept")
        .end(document.encode());
  }

  public static void sendHtml(HttpServerResponse response, int status, String html) {
    response.setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Vary", "Accept")
        .end(html);
  }
}
