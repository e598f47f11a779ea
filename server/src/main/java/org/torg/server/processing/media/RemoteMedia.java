package org.torg.server.processing.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.torg.federation.fetch.DocumentFetcher;
import org.torg.federation.fetch.FetchException;
import org.torg.server.db.MediaRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.DomainBlock;
import org.torg.server.model.MediaAttachment;

/**
 * Torg's cache of remote attachments (/media/remote/{id}): the first view fetches the file through
 * the SSRF-guarded fetcher (at most media.remote_max_bytes, images and PDFs only, told by the
 * bytes as well as the Content-Type) and keeps it on the media storage; later views read it there.
 * A domain blocked with reject_media (or suspended) gets nothing fetched or shown.
 */
public final class RemoteMedia {

  /** A file to send: its bytes and the format they are. */
  public record Served(Buffer bytes, MediaFormat format) {}

  private final MediaRepository media;
  private final MediaStorage storage;
  private final DocumentFetcher fetcher;
  private final Function<String, Optional<DomainBlock>> blocks;
  private final long maxBytes;
  /** One fetch per attachment at a time on this node: a thread page's readers arrive together. */
  private final Map<Long, Future<Served>> fetching = new ConcurrentHashMap<>();

  public RemoteMedia(MediaRepository media, MediaStorage storage, DocumentFetcher fetcher,
      Function<String, Optional<DomainBlock>> blocks, long maxBytes) {
    this.media = media;
    this.storage = storage;
    this.fetcher = fetcher;
    this.blocks = blocks;
    this.maxBytes = maxBytes;
  }

  /** Whether attachments from this host may be fetched and shown. */
  public boolean shown(MediaAttachment m) {
    if (!m.remote()) {
      return true;
    }
    String host = uriOf(m).map(URI::getHost).orElse(null);
    return host != null && blocks.apply(host).map(b -> !b.rejectMedia() && b.severity() != DomainBlock.Severity.SUSPEND)
        .orElse(true);
  }

  /** A peer's URL as sent; one that does not parse is neither shown nor fetched. */
  private static Optional<URI> uriOf(MediaAttachment m) {
    try {
      return Optional.of(new URI(m.remoteUrl()));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  public Future<Served> serve(long id) {
    return media.findById(id).compose(found -> {
      MediaAttachment m = found.filter(MediaAttachment::remote).filter(a -> a.postId().isPresent())
          .orElseThrow(() -> new HttpError(404, "not_found", "No such attachment."));
      if (!shown(m)) {
        throw new HttpError(403, "media_rejected", "This server does not show media from that domain.");
      }
      if (m.storageKey() != null) {
        return storage.get(m.storageKey()).compose(bytes -> bytes.isPresent()
            ? Future.succeededFuture(new Served(bytes.get(), MediaKeys.format(m.storageKey())))
            : fetchOnce(m));
      }
      return fetchOnce(m);
    });
  }

  /**
   * A remote actor's avatar or header (its row from {@code MediaRepository.remoteProfileImage}),
   * fetched and cached as attachments are; only an image is served.
   */
  public Future<Served> serveProfileImage(MediaAttachment m) {
    if (!shown(m)) {
      return Future.failedFuture(new HttpError(403, "media_rejected", "This server does not show media from that domain."));
    }
    Future<Served> served = m.storageKey() == null ? fetchOnce(m) : storage.get(m.storageKey()).compose(bytes -> bytes.isPresent()
        ? Future.succeededFuture(new Served(bytes.get(), MediaKeys.format(m.storageKey()))) : fetchOnce(m));
    return served.compose(s -> s.format() == MediaFormat.PDF
        ? Future.failedFuture(new HttpError(502, "unsupported_media_type", "The remote file is not an image."))
        : Future.succeededFuture(s));
  }

  private Future<Served> fetchOnce(MediaAttachment m) {
    Future<Served> running = fetching.computeIfAbsent(m.id(), id -> fetch(m));
    return running.onComplete(done -> fetching.remove(m.id(), running));
  }

  private Future<Served> fetch(MediaAttachment m) {
    Optional<URI> url = uriOf(m);
    if (url.isEmpty()) {
      return Future.failedFuture(new HttpError(502, "remote_media_unavailable", "The remote file's URL is not usable."));
    }
    return fetcher.fetchMedia(url.get(), maxBytes)
        .recover(e -> Future.failedFuture(e instanceof FetchException f && f.reason() == FetchException.Reason.TOO_LARGE
            ? new HttpError(502, "remote_media_too_large", "The remote file is larger than this server fetches.")
            : new HttpError(502, "remote_media_unavailable", "The remote file could not be fetched.")))
        .compose(fetched -> {
          byte[] bytes = fetched.body().getBytes();
          byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, MediaFormat.SNIFF_BYTES));
          MediaFormat format = MediaFormat.detect(head).orElseThrow(() -> new HttpError(502, "unsupported_media_type",
              "The remote file is not an image or a PDF."));
          String key = MediaKeys.fresh(format, null)[0];
          return storage.put(key, bytes, format.mediaType()).compose(v -> media.cached(m.id(), key, bytes.length))
              .map(new Served(fetched.body(), format));
        });
  }
}
