package org.torg.server.processing.posts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.torg.server.convert.ApiDocuments;
import org.torg.server.convert.Gzip;
import org.torg.server.convert.ConsultationJson;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.ConsultationRepository;
import org.torg.server.model.Consultation;
import org.torg.server.model.Post;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.ThreadTree;

/**
 * Whole threads as the API renders them, kept encoded per thread version. The thread row's
 * version is bumped by a trigger on every change to its posts, so a read costs one index lookup
 * while nothing changed, and a change is seen by the very next read (also on other nodes sharing
 * the database). What the version does not cover, an author's new display name, is picked up
 * when an entry expires.
 */
public final class ThreadReads {

  /**
   * A thread rendered as the API's JSON, and the version it is at least as new as; also gzipped,
   * since nearly every client asks for that and compressing 100 KB anew for each read would cost
   * more than everything else a cached read does.
   */
  public record Rendered(long threadId, long version, boolean local, Buffer json, Buffer gzipped, Instant staleAfter) {

    /** An entity tag for conditional GETs: changes whenever the thread does. */
    public String etag() {
      return "\"t" + threadId + "-" + version + "\"";
    }
  }

  private static final long MAX_BYTES = 64L * 1024 * 1024;
  private static final Duration KEPT = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final ThreadRepository threads;
  private final PostRepository posts;
  private final ActorRepository actors;
  private final ConsultationRepository consultations;
  private final Clock clock;
  private final Cache<Long, Rendered> rendered = Caffeine.newBuilder()
      .maximumWeight(MAX_BYTES)
      .weigher((Long id, Rendered r) -> r.json().length() + r.gzipped().length())
      .expireAfterWrite(KEPT)
      .build();
  /** Renderings under way, so that many readers of a thread that just changed cause one rendering. */
  private final Map<Long, Future<Rendered>> underWay = new ConcurrentHashMap<>();

  public ThreadReads(Vertx vertx, ThreadRepository threads, PostRepository posts, ActorRepository actors,
      ConsultationRepository consultations, Clock clock) {
    this.consultations = consultations;
    this.clock = clock;
    this.vertx = vertx;
    this.threads = threads;
    this.posts = posts;
    this.actors = actors;
  }

  /** The thread with its whole reply tree; 404 when there is no such thread, 410 when its root is gone. */
  public Future<Rendered> read(long id) {
    return threads.version(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "No such thread."));
      }
      long version = found.get().version();
      Rendered kept = rendered.getIfPresent(id);
      if (kept != null && kept.version() >= version && clock.instant().isBefore(kept.staleAfter())) {
        return Future.succeededFuture(kept);
      }
      Future<Rendered> pending = underWay.get(id);
      if (pending != null) {
        return pending.compose(r -> r.version() >= version && clock.instant().isBefore(r.staleAfter()) ? Future.succeededFuture(r)
            : render(id, version, found.get().local()));
      }
      return render(id, version, found.get().local());
    });
  }

  /** Forgets every rendering: for changes the version does not cover (an actor renamed, a Group deleted). */
  public void forgetAll() {
    rendered.invalidateAll();
  }

  private Future<Rendered> render(long id, long version, boolean local) {
    // Encoding and compressing a large thread takes milliseconds: a worker's job, not the event loop's.
    Future<Rendered> rendering = renderJson(id).compose(json -> vertx.executeBlocking(() -> {
      Buffer bytes = json.json().toBuffer();
      return new Rendered(id, version, local, bytes, Gzip.of(bytes), json.staleAfter());
    }, false));
    underWay.put(id, rendering);
    return rendering.andThen(done -> {
      underWay.remove(id, rendering);
      if (done.succeeded()) {
        rendered.asMap().merge(id, done.result(), (old, now) -> now.version() >= old.version() ? now : old);
      }
    });
  }

  /** The JSON and until when it holds: a consultation's phase changes with the clock, not the version. */
  private record Json(JsonObject json, Instant staleAfter) {}

  private Future<Json> renderJson(long id) {
    return threads.findById(id).map(found -> found.orElseThrow(() -> new HttpError(404, "not_found", "No such thread.")))
        .compose(thread -> posts.ofThread(thread.id()).compose(all -> {
          Optional<ThreadTree> tree = ThreadTree.of(all, thread.rootPostId().orElse(-1L));
          if (tree.isEmpty()) {
            return Future.failedFuture(new HttpError(410, "gone", "This thread was deleted."));
          }
          return groupName(thread).compose(group -> consultations.find(thread.id()).compose(consultation -> {
            JsonObject json = ApiDocuments.thread(thread, group, tree.get());
            if (consultation.isEmpty()) {
              return Future.succeededFuture(new Json(json, Instant.MAX));
            }
            Consultation c = consultation.get();
            Instant now = clock.instant();
            return consultations.poll(thread.id()).compose(poll -> consultations.isPartyWide(consultations.pool(), thread.id())
                .map(partyWide -> {
              Optional<Post> response = c.responsePostId().flatMap(rid -> all.stream().filter(p -> p.id() == rid).findFirst());
              json.put("consultation", ConsultationJson.of(c, poll, tree.get().post().uri(), response, now)
                  .put("partyWide", partyWide));
              return new Json(json, ConsultationJson.nextChange(c, poll, now));
            }));
          }));
        }));
  }

  private Future<String> groupName(DiscussionThread thread) {
    return thread.groupId().isEmpty() ? Future.succeededFuture(null)
        : actors.findById(thread.groupId().get()).map(a -> a.map(actor -> actor.username()).orElse(null));
  }
}
