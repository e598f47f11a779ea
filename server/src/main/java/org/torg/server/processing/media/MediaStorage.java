package org.torg.server.processing.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * Where media files live, by key ({@link MediaKeys}): the local disk or an S3-compatible bucket
 * (config media.storage). Every method completes off the event loop's back.
 */
public interface MediaStorage {

  Future<Void> put(String key, byte[] bytes, String contentType);

  /** The file, or empty when there is none under that key. */
  Future<Optional<Buffer>> get(String key);

  /** Deletes the file; a missing one is no error. */
  Future<Void> delete(String key);

  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
