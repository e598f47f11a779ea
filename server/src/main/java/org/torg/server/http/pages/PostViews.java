package org.torg.server.http.pages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.torg.server.convert.AttachmentDocuments;
import org.torg.server.model.MediaAttachment;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;
import org.torg.server.model.ThreadTree;

/** Builds {@link PostView}s from stored posts, for one viewer and language: no queries, only the posts given. */
final class PostViews {

  private final PageRequest page;
  private final DateTimeFormatter times;
  private final Predicate<MediaAttachment> mediaShown;

  /** For lists that show no remote attachment's file (only local ones count as shown). */
  PostViews(PageRequest page) {
    this(page, m -> !m.remote());
  }

  /** {@code mediaShown}: whether a remote attachment may be shown (no reject_media block on its domain). */
  PostViews(PageRequest page, Predicate<MediaAttachment> mediaShown) {
    this.page = page;
    this.mediaShown = mediaShown;
    this.times = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
        .withLocale(page.locale()).withZone(ZoneOffset.UTC);
  }

  PostView tree(ThreadTree tree) {
    List<PostView> replies = new ArrayList<>(tree.replies().size());
    for (ThreadTree reply : tree.replies()) {
      replies.add(tree(reply));
    }
    return view(tree.post(), replies);
  }

  PostView view(Post post, List<PostView> replies) {
    Actor author = post.author();
    boolean deleted = post.deleted();
    return new PostView(post.id(), post.uri(), post.pageUrl(), deleted ? null : post.name(),
        deleted ? null : name(author), deleted ? null : author.handle(), author.host(),
        deleted ? null : (author.url() != null ? author.url() : author.uri()), post.local(),
        iso(post.published()), time(post.published()),
        post.editedAt().map(PostViews::iso).orElse(null), post.editedAt().map(this::time).orElse(null),
        post.likes(), post.shares(), deleted, deleted ? "" : post.content(),
        deleted || !page.is(author.id()) ? null : post.source(), !deleted && page.is(author.id()),
        deleted ? List.of() : attachments(post.attachments()), replies);
  }

  private List<MediaView> attachments(List<MediaAttachment> all) {
    List<MediaView> out = new ArrayList<>(all.size());
    for (MediaAttachment m : all) {
      AttachmentDocuments paths = AttachmentDocuments.PATHS;
      out.add(new MediaView(m.kind() == MediaAttachment.Kind.image, paths.url(m), paths.previewUrl(m), m.description(),
          m.width(), m.height(), m.remoteUrl(), mediaShown.test(m)));
    }
    return out;
  }

  static String name(Actor actor) {
    return actor.displayName() != null && !actor.displayName().isBlank() ? actor.displayName() : actor.username();
  }

  String time(Instant at) {
    return times.format(at) + " UTC";
  }

  static String iso(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at);
  }

  /** A plain-text excerpt of safe HTML, for OpenGraph descriptions and feed summaries. */
  static String excerpt(String html, int max) {
    String text = html == null ? "" : html.replaceAll("<[^>]*>", " ").replace("&amp;", "&").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replaceAll("\\s+", " ").strip();
    return text.length() <= max ? text : text.substring(0, max - 1).strip() + "…";
  }
}
