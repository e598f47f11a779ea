package org.torg.server.processing.consultations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;
import org.torg.server.model.Post;

/**
 * Which branch each post of a party-wide consultation came through. A branch enters the
 * consultation with one reply to the question by the branch Group (its entry); its followers
 * reply under it, so a post belongs to the branch whose entry is above it. A post under no entry
 * came straight to the hub ("direct"). Votes go to the hub's Question and belong to no branch.
 */
final class PartyBreakdown {

  /** Entry post id → the branch Group; post id → the branch it came through. */
  record Attribution(Map<Long, Actor> entries, Map<Long, Actor> branchOf) {

    static final Attribution NONE = new Attribution(Map.of(), Map.of());

    Optional<Actor> branchOf(Post post) {
      return Optional.ofNullable(branchOf.get(post.id()));
    }
  }

  private PartyBreakdown() {}

  /** {@code branchUris}: the hub's branches; only their first reply to the root is an entry. */
  static Attribution attribute(List<Post> posts, long rootId, Set<String> branchUris) {
    Map<Long, Actor> entries = new LinkedHashMap<>();
    Set<String> entered = new HashSet<>();
    for (Post p : posts) {
      if (!p.deleted() && p.parentId().map(id -> id == rootId).orElse(false) && p.author().type() == ActorType.Group
          && branchUris.contains(p.author().uri()) && entered.add(p.author().uri())) {
        entries.put(p.id(), p.author());
      }
    }
    Map<Long, Long> parentOf = new HashMap<>();
    posts.forEach(p -> p.parentId().ifPresent(parent -> parentOf.put(p.id(), parent)));
    Map<Long, Actor> branchOf = new HashMap<>();
    for (Post p : posts) {
      Long at = p.id();
      // Bounded by the number of posts: a parent loop cannot keep it going.
      for (int steps = 0; at != null && steps <= posts.size(); steps++) {
        Actor branch = entries.get(at);
        if (branch != null) {
          branchOf.put(p.id(), branch);
          break;
        }
        at = parentOf.get(at);
      }
    }
    return new Attribution(entries, branchOf);
  }

  /**
   * Per branch that entered (in the order they did) and "direct": participants (distinct authors
   * of contributions), contributions, and participants per server.
   */
  static JsonObject report(List<Post> contributions, Attribution attribution) {
    Map<String, List<Post>> byBranch = new LinkedHashMap<>();
    attribution.entries().values().forEach(b -> byBranch.put(b.uri(), new ArrayList<>()));
    List<Post> direct = new ArrayList<>();
    for (Post p : contributions) {
      attribution.branchOf(p).map(b -> byBranch.get(b.uri())).orElse(direct).add(p);
    }
    JsonArray branches = new JsonArray();
    for (Actor branch : attribution.entries().values()) {
      branches.add(counts(byBranch.get(branch.uri())).put("branch", branch.uri()).put("name", branch.username())
          .put("host", branch.host()));
    }
    return new JsonObject().put("branches", branches).put("direct", counts(direct));
  }

  private static JsonObject counts(List<Post> posts) {
    Map<Long, Actor> authors = new HashMap<>();
    posts.forEach(p -> authors.put(p.author().id(), p.author()));
    Map<String, Integer> byHost = new TreeMap<>();
    authors.values().forEach(a -> byHost.merge(a.host(), 1, Integer::sum));
    JsonArray servers = new JsonArray();
    byHost.forEach((host, n) -> servers.add(new JsonObject().put("host", host).put("participants", n)));
    return new JsonObject().put("participants", authors.size()).put("replies", posts.size()).put("servers", servers);
  }
}
