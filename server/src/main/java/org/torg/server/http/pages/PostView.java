package org.torg.server.http.pages;

import java.util.List;

/**
 * A post as a page shows it. {@code content} is safe HTML (Torg's rendered Markdown, or remote
 * HTML sanitized on arrival); every other field is text the template escapes.
 */
public record PostView(
    long id,
    String uri,
    String pageUrl,
    String title,
    String authorName,
    String authorHandle,
    String authorServer,
    String authorUrl,
    boolean local,
    String publishedIso,
    String publishedText,
    String editedIso,
    String editedText,
    int likes,
    int shares,
    boolean deleted,
    boolean hidden,
    String content,
    String source,
    String authorUri,
    List<MediaView> attachments,
    List<PostView> replies) {}
