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
}
