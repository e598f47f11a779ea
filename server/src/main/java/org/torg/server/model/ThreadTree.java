package org.torg.server.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A thread's posts as a tree, root first and replies oldest first at every level. A deleted
 * post stays as a placeholder while it has replies that remain, and leaves the tree otherwise.
 * Posts whose parent is not stored (yet) hang under the root, so nothing received is hidden.
 */
public record ThreadTree(Post post, List<ThreadTree> replies) {

  /** The tree of {@code posts} (one thread's, in id order) from {@code rootId}; empty when the root itself left. */
  public static Optional<ThreadTree> of(List<Post> posts, long rootId) {
    Map<Long, List<Post>> children = new HashMap<>();
    Set<Long> stored = new HashSet<>(posts.size() * 2);
    posts.forEach(p -> stored.add(p.id()));
    Post root = null;
    for (Post p : posts) {
      if (p.id() == rootId) {
        root = p;
      } else {
        long parent = p.parentId().filter(stored::contains).orElse(rootId);
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(p);
      }
    }
    return root == null ? Optional.empty() : build(root, children, 0);
  }

  private static Optional<ThreadTree> build(Post post, Map<Long, List<Post>> children, int depth) {
    List<ThreadTree> replies = new ArrayList<>();
    // Depth is bounded by the number of posts, but guard the stack against a pathological chain.
    if (depth < 10_000) {
      for (Post child : children.getOrDefault(post.id(), List.of())) {
        build(child, children, depth + 1).ifPresent(replies::add);
      }
    }
    if (post.deleted() && replies.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ThreadTree(post, replies));
  }

  /**
   * The thread as a post's own page shows it (as Mastodon's status page does): its ancestors from
   * the root down, each with only the next one below it, then the post with all its replies. Other
   * branches are left out. Empty when the post is not in this tree.
   */
  public Optional<ThreadTree> focusedOn(long postId) {
    if (post.id() == postId) {
      return Optional.of(this);
    }
    // Iterative, as deep chains are possible: find the path, then rebuild it from the post up.
    List<ThreadTree> path = new ArrayList<>();
    List<java.util.Iterator<ThreadTree>> pending = new ArrayList<>();
    path.add(this);
    pending.add(replies.iterator());
    while (!pending.isEmpty()) {
      java.util.Iterator<ThreadTree> next = pending.get(pending.size() - 1);
      if (!next.hasNext()) {
        pending.remove(pending.size() - 1);
        path.remove(path.size() - 1);
        continue;
      }
      ThreadTree child = next.next();
      if (child.post().id() == postId) {
        ThreadTree focused = child;
        for (int i = path.size() - 1; i >= 0; i--) {
          focused = new ThreadTree(path.get(i).post(), List.of(focused));
        }
        return Optional.of(focused);
      }
      path.add(child);
      pending.add(child.replies().iterator());
    }
    return Optional.empty();
  }
}
