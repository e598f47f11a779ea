package org.torg.server.http.pages;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.owasp.encoder.Encode;
import org.torg.server.convert.SplicedGzip;
import org.torg.server.convert.SplicedGzip.Piece;
import org.torg.server.http.AcceptEncoding;
import org.torg.server.model.Principal;

/**
 * Thread pages for signed-in readers, rendered once per thread version, language and kind of
 * reader (moderator or not) and kept with stand-ins where the reader's own name and id go. Per
 * request the reader's part is spliced in: the rest (the posts, each with every control a
 * signed-in reader may have, a post's own edit and delete shown by the page's script to its
 * author) is the same for all of them, and its gzip is made once ({@link SplicedGzip}).
 */
public final class SignedInThreadPages {

  /**
   * The stand-ins, rendered where the reader's name and actor id go. Random per process and made
   * of letters and digits only, so escaping leaves them whole and no post can contain them.
   */
  static final String NAME = "torgreadername" + HexFormat.of().formatHex(SecureRandom.getSeed(16));
  static final String ACTOR = "torgreaderactor" + HexFormat.of().formatHex(SecureRandom.getSeed(16));

  /** A part of a kept page: shared bytes, or where the reader's name or actor id goes. */
  private sealed interface Part {}

  private record Shared(Piece piece) implements Part {}

  private enum Hole implements Part { NAME, ACTOR }

  /** A kept page and the thread version it is at least as new as. */
  public record Page(long version, List<Part> parts, int bytes) {}

  private record Key(long threadId, String language, boolean moderator, boolean admin) {}

  private static final long MAX_BYTES = 64L * 1024 * 1024;
  private static final Duration KEPT = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final Cache<Key, Page> pages = Caffeine.newBuilder()
      .maximumWeight(MAX_BYTES)
      .weigher((Key k, Page p) -> p.bytes())
      .expireAfterWrite(KEPT)
      .build();

  public SignedInThreadPages(Vertx vertx) {
    this.vertx = vertx;
  }

  private static Key key(long threadId, PageRequest page) {
    return new Key(threadId, page.locale().getLanguage(), page.moderator(), page.admin());
  }

  /** The kept page for this kind of reader when it is at least as new as {@code version}. */
  public Optional<Page> get(long threadId, PageRequest page, long version) {
    Page kept = pages.getIfPresent(key(threadId, page));
    return kept != null && kept.version() >= version ? Optional.of(kept) : Optional.empty();
  }

  /** Splits a page rendered with the stand-ins at them and compresses its parts, on a worker thread; keeps it. */
  public Future<Page> keep(long threadId, PageRequest page, long version, String html) {
    return vertx.executeBlocking(() -> split(version, html), false)
        .onSuccess(kept -> pages.asMap().merge(key(threadId, page), kept, (old, now) -> now.version() >= old.version() ? now : old));
  }

  static Page split(long version, String html) {
    List<Part> parts = new ArrayList<>();
    int bytes = 0;
    int at = 0;
    while (true) {
      int name = html.indexOf(NAME, at);
      int actor = html.indexOf(ACTOR, at);
      int next = name < 0 ? actor : actor < 0 ? name : Math.min(name, actor);
      String shared = html.substring(at, next < 0 ? html.length() : next);
      Piece piece = Piece.compressed(shared.getBytes(StandardCharsets.UTF_8));
      parts.add(new Shared(piece));
      bytes += piece.plain().length + piece.deflated().length;
      if (next < 0) {
        return new Page(version, List.copyOf(parts), bytes);
      }
      parts.add(next == name ? Hole.NAME : Hole.ACTOR);
      at = next + (next == name ? NAME.length() : ACTOR.length());
    }
  }

  /** The kept page with the reader's name and id in it, gzipped when the reader accepts it. */
  public static void send(RoutingContext ctx, PageRequest page, Page kept) {
    Principal viewer = page.viewer().orElseThrow();
    Piece name = Piece.stored(Encode.forHtml(viewer.account().username()).getBytes(StandardCharsets.UTF_8));
    Piece actor = Piece.stored(Encode.forHtmlAttribute(viewer.account().actor().uri()).getBytes(StandardCharsets.UTF_8));
    List<Piece> pieces = new ArrayList<>(kept.parts().size());
    for (Part part : kept.parts()) {
      pieces.add(part instanceof Shared s ? s.piece() : part == Hole.NAME ? name : actor);
    }
    var response = Pages.headers(ctx, page).setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8");
    if (AcceptEncoding.gzip(ctx.request().getHeader("Accept-Encoding"))) {
      response.putHeader("Content-Encoding", "gzip").end(SplicedGzip.gzip(pieces));
    } else {
      response.end(SplicedGzip.plain(pieces));
    }
  }

  /** Where a rendering meant to be kept puts the reader's name and id. */
  static void standIns(java.util.Map<String, Object> model) {
    model.put("viewerName", NAME);
    model.put("viewerActor", ACTOR);
  }
}
