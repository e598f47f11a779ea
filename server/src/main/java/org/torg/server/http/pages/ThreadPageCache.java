package org.torg.server.http.pages;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.torg.server.convert.Gzip;
import org.torg.server.http.AcceptEncoding;

/**
 * Thread pages as anonymous readers get them, kept per thread, language and thread version (the
 * version a trigger bumps on every change to the thread's posts), with their gzip made once.
 * Most readers of a thread arrive by a shared link, signed out: for them a page costs one index
 * lookup while the thread is unchanged. Signed-in readers' pages show their own controls and are
 * rendered each time. What the version does not cover (a Group's new display name) shows when an
 * entry expires.
 */
public final class ThreadPageCache {

  /** A rendered page and the thread version it is at least as new as. */
  public record Page(long version, Buffer html, Buffer gzipped) {}

  private record Key(long threadId, String language) {}

  private static final long MAX_BYTES = 64L * 1024 * 1024;
  private static final Duration KEPT = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final Cache<Key, Page> pages = Caffeine.newBuilder()
      .maximumWeight(MAX_BYTES)
      .weigher((Key k, Page p) -> p.html().length() + p.gzipped().length())
      .expireAfterWrite(KEPT)
      .build();

  public ThreadPageCache(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The kept page when it is at least as new as {@code version}. */
  public Optional<Page> get(long threadId, Locale locale, long version) {
    Page page = pages.getIfPresent(new Key(threadId, locale.getLanguage()));
    return page != null && page.version() >= version ? Optional.of(page) : Optional.empty();
  }

  /** Keeps a page rendered for an anonymous reader; its gzip is made on a worker thread. */
  public Future<Page> put(long threadId, Locale locale, long version, String html) {
    return vertx.executeBlocking(() -> {
      Buffer bytes = Buffer.buffer(html.getBytes(StandardCharsets.UTF_8));
      return new Page(version, bytes, Gzip.of(bytes));
    }, false).onSuccess(page -> pages.asMap().merge(new Key(threadId, locale.getLanguage()), page,
        (old, now) -> now.version() >= old.version() ? now : old));
  }

  /** Sends a kept page with the headers every anonymous page has; gzipped when the reader accepts it. */
  public static void send(RoutingContext ctx, Locale locale, Page page) {
    var response = Pages.headers(ctx, new PageRequest(locale, Optional.empty(), ctx.request().path()))
        .setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8");
    AcceptEncoding.end(ctx.request(), response, page.html(), page.gzipped());
  }
}
