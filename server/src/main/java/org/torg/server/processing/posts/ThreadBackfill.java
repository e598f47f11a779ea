package org.torg.server.processing.posts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.federation.vocab.CollectionItems;
import org.torg.federation.vocab.InvalidObjectException;
import org.torg.federation.vocab.PostObject;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.Post;
import org.torg.server.processing.remote.RemoteFetches;

/**
 * Fills in a remote thread when someone here opens it or replies to it, so that they see the
 * whole conversation rather than the fragment that happened to reach this server
 * (mastodon/mastodon#9409). The thread's {@code context} collection (FEP-7888/f228) is read when
 * it has one; otherwise the {@code replies} collections are walked from the root, level by level
 * (same-origin collections only). Either way each post is fetched from its own origin, stored only
 * if it belongs in this thread, and the walk stops at {@link #MAX_POSTS} posts. A thread is
 * backfilled at most once per {@link #RESTING}; concurrent requests share one run.
 */
public final class ThreadBackfill {

  /** Posts fetched per backfill at most: the cap, which bounds what one thread costs. */
  public static final int MAX_POSTS = 1000;
  /** Collection pages read per backfill at most, over all the collections it reads. */
  private static final int MAX_PAGES = 200;
  private static final int PARALLEL = 4;
  private static final Duration RESTING = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(ThreadBackfill.class);

  /** What one backfill did: where it found the posts, how many it fetched and how many were new. */
  public record Result(String source, int fetched, int stored) {
    static final Result SKIPPED = new Result("skipped", 0, 0);
  }

  private final ThreadRepository threads;
  private final PostRepository posts;
  private final RemotePosts remotePosts;
  private final RemoteFetches fetches;
  private final Cache<Long, Boolean> recentlyDone = Caffeine.newBuilder().expireAfterWrite(RESTING).maximumSize(100_000).build();
  private final Map<Long, Future<Result>> running = new ConcurrentHashMap<>();

  public ThreadBackfill(ThreadRepository threads, PostRepository posts, RemotePosts remotePosts, RemoteFetches fetches) {
    this.threads = threads;
    this.posts = posts;
    this.remotePosts = remotePosts;
    this.fetches = fetches;
  }

  /** Starts a backfill in the background, unless the thread is Torg's own or was backfilled lately. */
  public void soon(long threadId) {
    if (recentlyDone.getIfPresent(threadId) == null) {
      run(threadId);
    }
  }

  /** Backfills the thread now; {@link Result#SKIPPED} for Torg's own threads and ones done lately. */
  public Future<Result> run(long threadId) {
    if (recentlyDone.getIfPresent(threadId) != null) {
      return Future.succeededFuture(Result.SKIPPED);
    }
    Future<Result> started = running.computeIfAbsent(threadId, id -> Future.<Void>succeededFuture().compose(v -> backfill(id)));
    return started.andThen(done -> {
      running.remove(threadId, started);
      recentlyDone.put(threadId, true);
      if (done.failed()) {
        LOG.info("backfill of thread {} failed: {}", threadId, done.cause().toString());
      } else if (done.result().fetched() > 0) {
        LOG.info("backfilled thread {} from its {}: {} posts fetched, {} new", threadId, done.result().source(),
            done.result().fetched(), done.result().stored());
      }
    });
  }

  private Future<Result> backfill(long threadId) {
    return threads.findById(threadId).compose(found -> {
      if (found.isEmpty() || found.get().local() || found.get().rootPostId().isEmpty()) {
        return Future.succeededFuture(Result.SKIPPED);
      }
      DiscussionThread thread = found.get();
      return posts.findById(thread.rootPostId().get()).compose(root -> root.isEmpty() || root.get().deleted()
          ? Future.succeededFuture(Result.SKIPPED)
          : fetchDocument(root.get().uri()).compose(rootDoc -> fromContext(thread, rootDoc)
              .compose(viaContext -> viaContext.isPresent() ? Future.succeededFuture(viaContext.get())
                  : walkReplies(thread.id(), rootDoc))));
    });
  }

  /** Reads the context collection; empty when there is none that lists posts. */
  private Future<Optional<Result>> fromContext(DiscussionThread thread, JsonObject rootDoc) {
    String context;
    try {
      context = PostObject.parse(rootDoc).context();
    } catch (InvalidObjectException e) {
      return Future.succeededFuture(Optional.empty());
    }
    if (context == null && !thread.uri().equals(rootDoc.getString("id"))) {
      context = thread.uri(); // the context some other post of the thread named
    }
    // Mastodon's `conversation` (a tag: URI) and other ids that are not URLs cannot be read.
    if (!CollectionItems.isFetchable(context)) {
      return Future.succeededFuture(Optional.empty());
    }
    URI url = URI.create(context);
    CollectionItems items = new CollectionItems(this::fetchDocument, MAX_POSTS, MAX_PAGES);
    return fetchDocument(context)
        .compose(doc -> CollectionItems.isCollection(doc) ? items.ids(doc, url) : Future.succeededFuture(List.<String>of()))
        .recover(e -> Future.succeededFuture(List.of()))
        .compose(ids -> ids.isEmpty() ? Future.succeededFuture(Optional.<Result>empty())
            : storeAll(thread.id(), ids).map(r -> Optional.of(new Result("context", r.fetched(), r.stored()))));
  }

  /** Fetches and stores the posts of a context collection not stored yet, in its order (root first). */
  private Future<Result> storeAll(long threadId, List<String> ids) {
    return posts.storedAmong(ids).compose(known -> {
      List<String> missing = ids.stream().filter(id -> !known.contains(id)).toList();
      AtomicInteger stored = new AtomicInteger();
      return inBatches(missing, id -> fetchDocument(id).compose(doc -> remotePosts.receiveInto(doc, threadId))
              .map(outcome -> isNew(outcome) ? stored.incrementAndGet() : 0))
          .map(v -> new Result("context", missing.size(), stored.get()));
    });
  }

  /**
   * Walks the replies collections from the root: each level's posts are fetched (new ones stored),
   * and their replies make the next level. Every document fetched counts against the cap.
   */
  private Future<Result> walkReplies(long threadId, JsonObject rootDoc) {
    Set<String> visited = new HashSet<>();
    visited.add(rootDoc.getString("id"));
    AtomicInteger pages = new AtomicInteger(MAX_PAGES);
    // One budget of pages for the whole walk: a thousand posts may each have a replies collection.
    CollectionItems items = new CollectionItems(url -> pages.getAndDecrement() > 0 ? fetchDocument(url)
        : Future.failedFuture(new IllegalStateException("page budget spent")), MAX_POSTS, MAX_PAGES);
    return level(threadId, List.of(rootDoc), visited, new AtomicInteger(1), new AtomicInteger(), items, pages)
        .map(counts -> new Result("replies", counts[0], counts[1]));
  }

  private Future<int[]> level(long threadId, List<JsonObject> docs, Set<String> visited, AtomicInteger fetched,
      AtomicInteger stored, CollectionItems items, AtomicInteger pages) {
    if (docs.isEmpty() || fetched.get() >= MAX_POSTS) {
      return Future.succeededFuture(new int[] {fetched.get() - 1, stored.get()});
    }
    // A collection that cannot be read leaves its branch out; the rest of the level goes on.
    return Future.all(docs.stream()
            .map(doc -> replyIds(doc, items, pages).recover(e -> Future.succeededFuture(List.<String>of()))).toList())
        .compose(all -> {
      List<String> next = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        List<String> ids = all.resultAt(i);
        ids.stream().filter(visited::add).forEach(next::add);
      }
      List<String> allowed = next.subList(0, Math.min(next.size(), MAX_POSTS - fetched.get()));
      fetched.addAndGet(allowed.size());
      List<JsonObject> nextDocs = java.util.Collections.synchronizedList(new ArrayList<>());
      return inBatches(allowed, id -> fetchDocument(id).compose(doc -> remotePosts.receiveInto(doc, threadId)
              .map(outcome -> {
                if (outcome.post().isPresent()) {
                  nextDocs.add(doc); // in this thread, stored now or before: its replies come next
                  if (isNew(outcome)) {
                    stored.incrementAndGet();
                  }
                }
                return null;
              })))
          .compose(v -> level(threadId, List.copyOf(nextDocs), visited, fetched, stored, items, pages));
    });
  }

  /** Stored by this backfill, not before it (nor refused). */
  private static boolean isNew(RemotePosts.Outcome outcome) {
    return outcome.post().isPresent() && !outcome.code().startsWith("ignored");
  }

  /**
   * Runs {@code each} over the ids, {@link #PARALLEL} at a time, in order; one that fails (a
   * server down, a post gone) is skipped, the rest go on.
   */
  private static Future<Void> inBatches(List<String> ids, java.util.function.Function<String, Future<?>> each) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ids.size(); from += PARALLEL) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + PARALLEL));
      chain = chain.compose(v -> Future.join(batch.stream().map(each).toList())
          .<Void>mapEmpty().recover(e -> Future.<Void>succeededFuture()));
    }
    return chain;
  }

  /** The ids a post's replies collection lists: only a collection on the post's own origin is read. */
  private Future<List<String>> replyIds(JsonObject postDoc, CollectionItems items, AtomicInteger pages) {
    URI origin = URI.create(postDoc.getString("id"));
    Object replies = postDoc.getValue("replies");
    if (replies instanceof JsonObject embedded && embedded.containsKey("type")) {
      String id = embedded.getString("id");
      if (id != null && !CollectionItems.onOrigin(id, origin)) {
        return Future.succeededFuture(List.of());
      }
      return items.ids(embedded, id != null ? URI.create(id) : origin);
    }
    String url = replies instanceof String s ? s : replies instanceof JsonObject o ? o.getString("id") : null;
    if (!CollectionItems.onOrigin(url, origin) || pages.getAndDecrement() <= 0) {
      return Future.succeededFuture(List.of());
    }
    return fetchDocument(url).compose(doc -> CollectionItems.isCollection(doc) ? items.ids(doc, URI.create(url))
        : Future.succeededFuture(List.of()));
  }

  private Future<Optional<Post>> fetchAndStore(long threadId, String id) {
    return fetchDocument(id).compose(doc -> remotePosts.receiveInto(doc, threadId)).map(RemotePosts.Outcome::post);
  }

  private Future<JsonObject> fetchDocument(String url) {
    try {
      return fetches.fetchJson(URI.create(url)).map(d -> d.json());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<JsonObject> fetchDocument(URI url) {
    return fetches.fetchJson(url).map(d -> d.json());
  }
}
