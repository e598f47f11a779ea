package org.torg.server.http.pages;

/**
 * An attachment as a page shows it: an image's thumbnail linking to the full file, a document
 * as a link with its name, both from Torg's own URLs. {@code shown} false (a reject_media
 * domain's file) leaves only a text link to the original, which the reader's browser loads only
 * if the reader follows it.
 */
public record MediaView(
    boolean image,
    String url,
    String previewUrl,
    String description,
    Integer width,
    Integer height,
    String remoteUrl,
    boolean shown) {}
