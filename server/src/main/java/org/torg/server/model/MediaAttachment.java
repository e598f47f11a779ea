package org.torg.server.model;

import java.util.Optional;

/**
 * A file a post carries: a local upload (its file on the media storage under {@code storageKey},
 * an image's thumbnail under {@code previewKey}) or a remote post's attachment ({@code remoteUrl},
 * cached under {@code storageKey} once a reader has viewed it). {@code description} is the alt text.
 */
public record MediaAttachment(
    long id,
    Optional<Long> ownerId,
    Optional<Long> postId,
    Kind kind,
    String mediaType,
    String storageKey,
    String previewKey,
    String description,
    String blurhash,
    Integer width,
    Integer height,
    Long sizeBytes,
    String remoteUrl) {

  /** Mastodon's attachment types that Torg takes: {@code image} (Image) and {@code document} (Document). */
  public enum Kind { image, document }

  public boolean remote() {
    return remoteUrl != null;
  }
}
