package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.torg.federation.vocab.ActivityStreams;

/**
 * OrderedCollections as peers page through them: the collection with totalItems and a link to
 * its first page; each page with orderedItems, partOf and next while there are more.
 */
public final class CollectionDocuments {

  public static final int PAGE_SIZE = 40;

  private CollectionDocuments() {}

  public static JsonObject collection(String id, long totalItems) {
    return new JsonObject()
        .put("@context", ActivityStreams.NS)
        .put("id", id)
        .put("type", "OrderedCollection")
        .put("totalItems", totalItems)
        .put("first", pageId(id, 1));
  }

  /** Page numbers start at 1; {@code items} are ids or embedded objects. */
  public static JsonObject page(String collectionId, int page, long totalItems, List<?> items) {
    JsonObject doc = new JsonObject()
        .put("@context", ActivityStreams.NS)
        .put("id", pageId(collectionId, page))
        .put("type", "OrderedCollectionPage")
        .put("partOf", collectionId)
        .put("totalItems", totalItems)
        .put("orderedItems", new JsonArray(List.copyOf(items)));
    if ((long) page * PAGE_SIZE < totalItems) {
      doc.put("next", pageId(collectionId, page + 1));
    }
    if (page > 1) {
      doc.put("prev", pageId(collectionId, page - 1));
    }
    return doc;
  }

  public static String pageId(String collectionId, int page) {
    return collectionId + "?page=" + page;
  }

  public static int offset(int page) {
    return (page - 1) * PAGE_SIZE;
  }
}
