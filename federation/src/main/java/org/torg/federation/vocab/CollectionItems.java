package org.torg.federation.vocab;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The item ids of a remote Collection or OrderedCollection, read through its pages: the items
 * of the collection itself, then {@code first} (embedded or a URL) and each {@code next}. Only
 * ids are kept; an embedded item is the collection owner's claim about someone else's post, so
 * callers fetch each item from its origin. Pages must be on the collection's own origin (a
 * collection cannot send Torg fetching elsewhere), and the walk stops at {@code maxItems} ids or
 * {@code maxPages} fetched pages, whichever comes first.
 */
public final class CollectionItems {

  private static final Set<String> COLLECTION_TYPES = Set.of("Collection", "OrderedCollection", "CollectionPage",
      "OrderedCollectionPage");

  private final Function<URI, Future<JsonObject>> fetchPage;
  private final int maxItems;
  private final int maxPages;

  /** {@code fetchPage}: GETs a page from its origin (its id checked against the URL). */
  public CollectionItems(Function<URI, Future<JsonObject>> fetchPage, int maxItems, int maxPages) {
    this.fetchPage = fetchPage;
    this.maxItems = maxItems;
    this.maxPages = maxPages;
  }

  /** True when the document is a collection or a page of one. */
  public static boolean isCollection(JsonObject json) {
    for (Object type : PropertyValues.values(json.getValue("type"))) {
      if (type instanceof String s && COLLECTION_TYPES.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The ids listed by {@code collection}, which was read from {@code origin}; fails only when a
   * page cannot be fetched before any id was found (what was read so far is kept otherwise).
   */
  public Future<List<String>> ids(JsonObject collection, URI origin) {
    Set<String> found = new LinkedHashSet<>();
    Set<String> seenPages = new LinkedHashSet<>();
    seenPages.add(origin.toString());
    collect(collection, found);
    return followPage(pageAfter(collection, true), origin, found, seenPages, 0).map(v -> List.copyOf(found));
  }

  private Future<Void> followPage(Object page, URI origin, Set<String> found, Set<String> seenPages, int fetched) {
    if (page == null || found.size() >= maxItems) {
      return Future.succeededFuture();
    }
    if (page instanceof JsonObject embedded && embedded.containsKey("type")) {
      String id = PropertyValues.idOf(embedded);
      if (id != null && !seenPages.add(id)) {
        return Future.succeededFuture();
      }
      collect(embedded, found);
      return followPage(pageAfter(embedded, false), origin, found, seenPages, fetched);
    }
    String url = PropertyValues.idOf(page);
    if (url == null || fetched >= maxPages || !seenPages.add(url) || !sameOrigin(url, origin)) {
      return Future.succeededFuture();
    }
    return fetchPage.apply(URI.create(url))
        .compose(json -> {
          collect(json, found);
          return followPage(pageAfter(json, false), origin, found, seenPages, fetched + 1);
        }, failure -> found.isEmpty() ? Future.failedFuture(failure) : Future.succeededFuture());
  }

  /** A collection's first page, or a page's next one. */
  private static Object pageAfter(JsonObject json, boolean collection) {
    Object next = json.getValue("next");
    if (next == null && collection) {
      next = json.getValue("first");
    }
    return next;
  }

  private void collect(JsonObject page, Set<String> found) {
    for (String key : new String[] {"orderedItems", "items"}) {
      for (Object item : PropertyValues.values(page.getValue(key))) {
        if (found.size() >= maxItems) {
          return;
        }
        String id = PropertyValues.idOf(item);
        if (id != null && PropertyValues.isHttpUrl(id)) {
          found.add(id);
        }
      }
    }
  }

  /** Same scheme, host and port. */
  static boolean sameOrigin(String url, URI origin) {
    try {
      URI u = new URI(url);
      return u.getScheme() != null && u.getHost() != null
          && u.getScheme().equalsIgnoreCase(origin.getScheme())
          && u.getHost().toLowerCase(Locale.ROOT).equals(origin.getHost().toLowerCase(Locale.ROOT))
          && port(u) == port(origin);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** True for an absolute http(s) URL: what may be fetched at all. */
  public static boolean isFetchable(String url) {
    return PropertyValues.isHttpUrl(url);
  }

  /** Whether a URL is on the given origin: for callers that check a collection's URL before fetching it. */
  public static boolean onOrigin(String url, URI origin) {
    return url != null && PropertyValues.isHttpUrl(url) && sameOrigin(url, origin);
  }
}
