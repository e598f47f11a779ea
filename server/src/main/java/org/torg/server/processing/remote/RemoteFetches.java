package org.torg.server.processing.remote;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.torg.federation.fetch.DocumentFetcher;
import org.torg.federation.fetch.FetchException;
import org.torg.federation.fetch.FetchedDocument;

/** Every GET of a remote document goes through here, counted by outcome and timed, for /metrics. */
public final class RemoteFetches {

  private final DocumentFetcher fetcher;
  private final MeterRegistry registry;
  private final Timer time;
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

  public RemoteFetches(DocumentFetcher fetcher, MeterRegistry registry) {
    this.fetcher = fetcher;
    this.registry = registry;
    this.time = Timer.builder("torg.remote.fetch.duration").description("Time to fetch a remote document").register(registry);
  }

  public Future<FetchedDocument> fetchJson(URI url) {
    return counted(fetcher.fetchJson(url));
  }

  /**
   * A document without the check that its id is the URL: only to learn which id a page URL
   * stands for (a post's {@code url} answered with the post), never to trust what it says.
   */
  public Future<FetchedDocument> fetchForId(URI url) {
    return counted(fetcher.fetchForId(url));
  }

  private Future<FetchedDocument> counted(Future<FetchedDocument> fetch) {
    long started = System.nanoTime();
    return fetch.onComplete(done -> {
      time.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
      String outcome = done.succeeded() ? "ok"
          : done.cause() instanceof FetchException e ? e.reason().name().toLowerCase(Locale.ROOT) : "error";
      outcomes.computeIfAbsent(outcome, o -> Counter.builder("torg.remote.fetches")
          .description("GETs of remote documents (actors, keys), by outcome")
          .tag("outcome", o).register(registry)).increment();
    });
  }
}
