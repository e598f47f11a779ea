package org.torg.server.processing.media;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.db.MediaRepository;
import org.torg.server.model.MediaAttachment;

/**
 * Deletes files that must go: those of deleted posts (by their author, a moderator or, for a
 * remote post, its server's Delete) and uploads no post took within media.unattached_hours.
 * Runs as a run-once job (one node of a cluster); a post deleted through the API has its files
 * deleted at once as well.
 */
public final class MediaSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(MediaSweeper.class);
  private static final int BATCH = 200;

  private final MediaRepository media;
  private final MediaStorage storage;
  private final Duration unattachedLifetime;
  private final Clock clock;

  public MediaSweeper(MediaRepository media, MediaStorage storage, Duration unattachedLifetime, Clock clock) {
    this.media = media;
    this.storage = storage;
    this.unattachedLifetime = unattachedLifetime;
    this.clock = clock;
  }

  /** One sweep: up to a batch of media rows, files first, then the row. */
  public Future<Integer> sweep() {
    return media.sweepable(clock.instant().minus(unattachedLifetime), BATCH).compose(this::deleteAll);
  }

  /** A deleted post's files, right away. */
  public Future<Integer> ofDeletedPost(long postId) {
    return media.ofPost(postId).compose(this::deleteAll);
  }

  private Future<Integer> deleteAll(List<MediaAttachment> all) {
    Future<Void> chain = Future.succeededFuture();
    for (MediaAttachment m : all) {
      chain = chain.compose(v -> delete(m));
    }
    return chain.map(all.size());
  }

  private Future<Void> delete(MediaAttachment m) {
    Future<Void> files = Future.succeededFuture();
    if (m.storageKey() != null) {
      files = files.compose(v -> storage.delete(m.storageKey()));
    }
    if (m.previewKey() != null) {
      files = files.compose(v -> storage.delete(m.previewKey()));
    }
    return files.compose(v -> media.delete(m.id())).recover(e -> {
      // One file that cannot be deleted now must not stop the rest; the next sweep tries again.
      LOG.warn("could not delete media {}: {}", m.id(), e.toString());
      return Future.succeededFuture();
    });
  }
}
