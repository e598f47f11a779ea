package org.torg.server.processing.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.Optional;

/** Media files in a directory (data_dir/media by default), through Vert.x's non-blocking file system. */
public final class LocalMediaStorage implements MediaStorage {

  private final Vertx vertx;
  private final Path dir;

  public LocalMediaStorage(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  @Override
  public Future<Void> put(String key, byte[] bytes, String contentType) {
    Path file = file(key);
    return vertx.fileSystem().mkdirs(dir.toString()).compose(v -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(bytes)));
  }

  @Override
  public Future<Optional<Buffer>> get(String key) {
    String file = file(key).toString();
    return vertx.fileSystem().exists(file).compose(exists -> exists
        ? vertx.fileSystem().readFile(file).map(Optional::of) : Future.succeededFuture(Optional.empty()));
  }

  @Override
  public Future<Void> delete(String key) {
    String file = file(key).toString();
    return vertx.fileSystem().exists(file).compose(exists -> exists ? vertx.fileSystem().delete(file) : Future.succeededFuture());
  }

  private Path file(String key) {
    if (!MediaKeys.valid(key)) {
      throw new IllegalArgumentException("not a media key: " + key);
    }
    return dir.resolve(key);
  }
}
