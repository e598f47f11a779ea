package org.torg.server.processing.media;

import java.util.Optional;
import org.torg.server.model.MediaAttachment;

/**
 * The file types Torg takes, told by their first bytes (magic numbers) and never by the name or
 * Content-Type the client sent: a PDF labelled image/png is a PDF here.
 */
public enum MediaFormat {
  JPEG("image/jpeg", "jpg", "jpeg", MediaAttachment.Kind.image),
  PNG("image/png", "png", "png", MediaAttachment.Kind.image),
  GIF("image/gif", "gif", "gif", MediaAttachment.Kind.image),
  WEBP("image/webp", "webp", "webp", MediaAttachment.Kind.image),
  PDF("application/pdf", "pdf", null, MediaAttachment.Kind.document);

  /** How many leading bytes {@link #detect} needs. */
  public static final int SNIFF_BYTES = 12;

  private final String mediaType;
  private final String extension;
  private final String imageIoName;
  private final MediaAttachment.Kind kind;

  MediaFormat(String mediaType, String extension, String imageIoName, MediaAttachment.Kind kind) {
    this.mediaType = mediaType;
    this.extension = extension;
    this.imageIoName = imageIoName;
    this.kind = kind;
  }

  public String mediaType() {
    return mediaType;
  }

  public String extension() {
    return extension;
  }

  /** The ImageIO format name that reads it (null for a document). */
  String imageIoName() {
    return imageIoName;
  }

  public MediaAttachment.Kind kind() {
    return kind;
  }

  public static Optional<MediaFormat> detect(byte[] head) {
    if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(head, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of(GIF);
    }
    if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    if (startsWith(head, 0, '%', 'P', 'D', 'F', '-')) {
      return Optional.of(PDF);
    }
    return Optional.empty();
  }

  /** The format a stored file's key ends with (what /media/ answers as its Content-Type). */
  public static Optional<MediaFormat> ofExtension(String extension) {
    for (MediaFormat f : values()) {
      if (f.extension.equals(extension)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, int at, int... expected) {
    if (bytes.length < at + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((bytes[at + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
