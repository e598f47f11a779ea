package org.torg.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a collection's item ids through its pages, within its origin and its caps. */
class CollectionItemsTest {

  private final Map<String, JsonObject> served = new HashMap<>();
  private final List<String> fetched = new ArrayList<>();

  private Future<JsonObject> fetch(URI url) {
    fetched.add(url.toString());
    JsonObject page = served.get(url.toString());
    return page == null ? Future.failedFuture(new IllegalStateException("404 " + url)) : Future.succeededFuture(page);
  }

  private static JsonObject page(String id, String next, String... items) {
    JsonObject page = new JsonObject().put("id", id).put("type", "OrderedCollectionPage")
        .put("orderedItems", new JsonArray(List.of((Object[]) items)));
    return next == null ? page : page.put("next", next);
  }

  @Test
  void readsEmbeddedFirstPageThenFetchedPagesInOrder() {
    served.put("https://a.example/c?page=2", page("https://a.example/c?page=2", "https://a.example/c?page=3", "https://b.example/2"));
    served.put("https://a.example/c?page=3", page("https://a.example/c?page=3", null, "https://a.example/3"));
    JsonObject collection = new JsonObject().put("id", "https://a.example/c").put("type", "OrderedCollection")
        .put("first", page("https://a.example/c?page=1", "https://a.example/c?page=2", "https://a.example/1")
            .put("orderedItems", new JsonArray().add(new JsonObject().put("id", "https://a.example/1")).add("not a url")));
    List<String> ids = new CollectionItems(this::fetch, 100, 10).ids(collection, URI.create("https://a.example/c")).result();
    assertEquals(List.of("https://a.example/1", "https://b.example/2", "https://a.example/3"), ids);
  }

  @Test
  void neverFollowsAPageToAnotherOrigin() {
    JsonObject collection = new JsonObject().put("id", "https://a.example/c").put("type", "Collection")
        .put("items", new JsonArray().add("https://a.example/1")).put("first", "https://evil.example/page");
    List<String> ids = new CollectionItems(this::fetch, 100, 10).ids(collection, URI.create("https://a.example/c")).result();
    assertEquals(List.of("https://a.example/1"), ids);
    assertTrue(fetched.isEmpty(), fetched.toString());
  }

  @Test
  void stopsAtTheCapsAndOnLoops() {
    served.put("https://a.example/p1", page("https://a.example/p1", "https://a.example/p2", "https://a.example/1"));
    served.put("https://a.example/p2", page("https://a.example/p2", "https://a.example/p1", "https://a.example/2"));
    JsonObject collection = new JsonObject().put("id", "https://a.example/c").put("type", "OrderedCollection")
        .put("first", "https://a.example/p1");
    List<String> looped = new CollectionItems(this::fetch, 100, 10).ids(collection, URI.create("https://a.example/c")).result();
    assertEquals(List.of("https://a.example/1", "https://a.example/2"), looped);
    assertEquals(2, fetched.size(), "a page that points back is not fetched again");

    fetched.clear();
    List<String> capped = new CollectionItems(this::fetch, 1, 10).ids(collection, URI.create("https://a.example/c")).result();
    assertEquals(List.of("https://a.example/1"), capped);
    fetched.clear();
    List<String> onePage = new CollectionItems(this::fetch, 100, 1).ids(collection, URI.create("https://a.example/c")).result();
    assertEquals(List.of("https://a.example/1"), onePage);
    assertEquals(1, fetched.size());
  }

  @Test
  void aPageThatFailsAfterItemsWereFoundKeepsThemAndOneThatFailsFirstFails() {
    JsonObject partial = new JsonObject().put("id", "https://a.example/c").put("type", "OrderedCollection")
        .put("orderedItems", new JsonArray().add("https://a.example/1")).put("first", "https://a.example/missing");
    assertEquals(List.of("https://a.example/1"),
        new CollectionItems(this::fetch, 100, 10).ids(partial, URI.create("https://a.example/c")).result());
    JsonObject empty = new JsonObject().put("id", "https://a.example/c").put("type", "OrderedCollection")
        .put("first", "https://a.example/missing");
    assertTrue(new CollectionItems(this::fetch, 100, 10).ids(empty, URI.create("https://a.example/c")).failed());
  }

  @Test
  void knowsCollectionsAndOrigins() {
    assertTrue(CollectionItems.isCollection(new JsonObject().put("type", "OrderedCollection")));
    assertTrue(CollectionItems.isCollection(new JsonObject().put("type", new JsonArray().add("CollectionPage"))));
    assertFalse(CollectionItems.isCollection(new JsonObject().put("type", "Note")));
    assertTrue(CollectionItems.onOrigin("https://a.example:443/x", URI.create("https://a.example/c")));
    assertFalse(CollectionItems.onOrigin("http://a.example/x", URI.create("https://a.example/c")));
    assertFalse(CollectionItems.onOrigin("https://a.example:8443/x", URI.create("https://a.example/c")));
    assertFalse(CollectionItems.isFetchable("tag:a.example,2024:objectId=1:objectType=Conversation"));
  }
}
