package org.torg.server.app;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.torg.federation.fetch.DocumentFetcher;
import org.torg.server.config.TorgConfig;
import org.torg.server.convert.AttachmentDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.MediaRepository;
import org.torg.server.model.DomainBlock;
import org.torg.server.processing.media.ImageRecoder;
import org.torg.server.processing.media.LocalMediaStorage;
import org.torg.server.processing.media.MediaStorage;
import org.torg.server.processing.media.MediaSweeper;
import org.torg.server.processing.media.MediaUploads;
import org.torg.server.processing.media.RemoteMedia;
import org.torg.server.processing.media.S3MediaStorage;

/** Uploads, attachments and the remote media cache: the part of {@link Services} that keeps files. */
public record MediaServices(
    MediaRepository repository,
    MediaStorage storage,
    MediaUploads uploads,
    MediaSweeper sweeper,
    RemoteMedia remote,
    AttachmentDocuments documents) {

  static MediaServices create(Vertx vertx, Pool pool, TorgConfig config, LocalUris uris, DocumentFetcher fetcher,
      Function<String, Optional<DomainBlock>> blocks, Clock clock) {
    TorgConfig.Media media = config.media();
    var repository = new MediaRepository(pool);
    MediaStorage storage = media.storage() == TorgConfig.MediaStorageKind.S3
        ? new S3MediaStorage(vertx, media.s3()) : new LocalMediaStorage(vertx, config.mediaDir());
    var uploads = new MediaUploads(vertx, repository, storage, new ImageRecoder(media.maxPixels(), media.thumbnailPixels()),
        media.maxAttachments());
    return new MediaServices(repository, storage, uploads,
        new MediaSweeper(repository, storage, media.unattachedLifetime(), clock),
        new RemoteMedia(repository, storage, fetcher, blocks, media.remoteMaxBytes()),
        new AttachmentDocuments(uris));
  }
}
