package org.torg.server.http.pages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.torg.server.model.Consultation;
import org.torg.server.model.Poll;
import org.torg.server.model.Post;
import org.torg.server.model.ThreadTree;

/**
 * What a consultation's thread page shows above the discussion: its phase and dates, the poll's
 * results, the official response with the contributions it took up, and the replies grouped by
 * stance, so that a reader sees what happened to the input. Built from the posts already loaded
 * for the page; nothing is asked per post.
 */
final class ConsultationSection {

  private static final List<String> STANCES = List.of("for", "against", "amendment");
  private static final int EXCERPT = 160;

  private ConsultationSection() {}

  static Map<String, Object> of(Consultation c, Optional<Poll> poll, ThreadTree tree, PostViews views, long threadId,
      Instant now) {
    Map<Long, Post> byId = new HashMap<>();
    collect(tree, byId);
    Map<String, Object> out = new HashMap<>();
    out.put("phase", c.phase(now).wire());
    out.put("inputClosesIso", PostViews.iso(c.inputClosesAt()));
    out.put("inputClosesText", views.time(c.inputClosesAt()));
    boolean deliberation = c.deliberationEndsAt().isAfter(c.inputClosesAt());
    out.put("deliberationEndsText", deliberation ? views.time(c.deliberationEndsAt()) : null);
    poll.ifPresent(p -> out.put("poll", poll(p, now)));
    c.responsePostId().map(byId::get).filter(p -> !p.deleted())
        .ifPresent(response -> out.put("response", views.view(response, List.of())));
    List<Map<String, Object>> cited = new ArrayList<>();
    for (long id : c.cited()) {
      Post post = byId.get(id);
      if (post != null && !post.deleted()) {
        cited.add(line(post));
      }
    }
    out.put("cited", cited);
    Map<String, List<Map<String, Object>>> grouped = new LinkedHashMap<>();
    STANCES.forEach(s -> grouped.put(s, new ArrayList<>()));
    tree.replies().forEach(reply -> group(reply, grouped));
    List<Map<String, Object>> stances = new ArrayList<>();
    grouped.forEach((stance, posts) -> {
      if (!posts.isEmpty()) {
        stances.add(Map.of("key", stance, "posts", posts));
      }
    });
    out.put("stances", stances);
    out.put("reportUrl", "/threads/" + threadId + "/report");
    out.put("exportUrl", "/api/v1/threads/" + threadId + "/export");
    out.put("exportCsvUrl", "/api/v1/threads/" + threadId + "/export?format=csv");
    return out;
  }

  private static Map<String, Object> poll(Poll p, Instant now) {
    int total = p.votes().stream().mapToInt(Integer::intValue).sum();
    List<Map<String, Object>> options = new ArrayList<>();
    for (int i = 0; i < p.options().size(); i++) {
      int votes = p.votes().get(i);
      options.add(Map.of("title", p.options().get(i), "votes", votes, "percent", total == 0 ? 0 : Math.round(100.0 * votes / total),
          "statement", p.candidates() ? p.statements().get(i) : ""));
    }
    return Map.of("options", options, "voters", p.voters(), "open", p.openAt(now), "multiple", p.multiple(),
        "membersOnly", p.membersOnly(), "candidates", p.candidates());
  }

  private static void collect(ThreadTree tree, Map<Long, Post> into) {
    into.put(tree.post().id(), tree.post());
    tree.replies().forEach(r -> collect(r, into));
  }

  private static void group(ThreadTree tree, Map<String, List<Map<String, Object>>> grouped) {
    Post post = tree.post();
    if (!post.deleted() && post.stance() != null && grouped.containsKey(post.stance())) {
      grouped.get(post.stance()).add(line(post));
    }
    tree.replies().forEach(r -> group(r, grouped));
  }

  /** A contribution in a list: who, where to read it, and how it begins. */
  private static Map<String, Object> line(Post post) {
    return Map.of("authorName", PostViews.name(post.author()), "authorHandle", post.author().handle(),
        "url", post.pageUrl(), "excerpt", PostViews.excerpt(post.content(), EXCERPT));
  }
}
