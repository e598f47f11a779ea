package org.torg.server.http.pages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.torg.server.convert.AttachmentDocuments;
import org.torg.server.db.PersonalBlockRepository;
import org.torg.server.model.MediaAttachment;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;
import org.torg.server.model.ThreadTree;

/** Builds {@link PostView}s from stored posts, for one viewer and language: no queries, only the posts given. */
final class PostViews {

  private final PageRequest page;
  private final DateTimeFormatter times;
  private final PersonalBlockRepository.Hidden hidden;
  private final Predicate<MediaAttachment> mediaShown;

  /** For lists that show no remote attachment's file (only local ones count as shown). */
  PostViews(PageRequest page) {
    this(page, PersonalBlockRepository.Hidden.NONE, m -> !m.remote());
  }

  /**
   * {@code hidden}: whose posts this reader does not see (blocked, muted, their servers): a placeholder instead.
   * {@code mediaShown}: whether a remote attachment may be shown (no reject_media block on its domain).
   */
  PostViews(PageRequest page, PersonalBlockRepository.Hidden hidden, Predicate<MediaAttachment> mediaShown) {
    this.page = page;
    this.hidden = hidden;
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
    if (!post.deleted() && hidden.hides(author)) {
      return new PostView(post.id(), post.uri(), post.pageUrl(), null, null, null, author.host(), null, post.local(),
          iso(post.published()), time(post.published()), null, null, 0, 0, false, true, "", null, null, List.of(), replies);
    }
    boolean deleted = post.deleted();
    return new PostView(post.id(), post.uri(), post.pageUrl(), deleted ? null : post.name(),
        deleted ? null : name(author), deleted ? null : author.handle(), author.host(),
        deleted ? null : (author.url() != null ? author.url() : author.uri()), post.local(),
        iso(post.published()), time(post.published()),
        post.editedAt().map(PostViews::iso).orElse(null), post.editedAt().map(this::time).orElse(null),
        post.likes(), post.shares(), deleted, false, deleted ? "" : post.content(),
        // Every local post's source: the edit button is shown to its author by the page's script, so
        // the posts part of a page is the same for every signed-in reader (and the Note carries it anyway).
        deleted || !post.local() ? null : post.source(), author.uri(),
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
