package org.torg.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The documents in the shared corpus, each as what a receiver would meet: activities (also those
 * embedded in an Announce, Undo or Accept, and items of outboxes), posts (top-level files,
 * objects of activities, collection items) and the other objects (actors, tombstones, chat
 * messages) that must not be taken for posts. An entry's name is its file's path, followed by
 * the way into the file for an embedded document ({@code > object}, {@code > orderedItems[1]}).
 */
final class CorpusEntries {

  enum Kind { ACTIVITY, POST, NOT_A_POST }

  record Entry(String name, Kind kind, JsonObject json) {
    String type() {
      return PropertyValues.typeOf(json);
    }
  }

  /**
   * JSON-LD context documents: vocabulary definitions, not ActivityStreams objects, so there is
   * nothing in them to parse as an activity or a post.
   */
  static final String CONTEXTS_FOLDER = "fedify/contexts/";

  /** ActivityStreams activity types and the extensions peers in the corpus send (Lemmy, Pleroma). */
  private static final Set<String> ACTIVITY_TYPES = Set.of("Accept", "Add", "Announce", "Arrive", "Block", "Create",
      "Delete", "Dislike", "Flag", "Follow", "Ignore", "Invite", "Join", "Leave", "Like", "Listen", "Move", "Offer",
      "Read", "Reject", "Remove", "TentativeAccept", "TentativeReject", "Travel", "Undo", "Update", "View",
      "EmojiReact", "Lock", "Resolve", "Warn");

  private CorpusEntries() {}

  static List<Entry> all(Path root) {
    List<Entry> out = new ArrayList<>();
    for (Path file : SharedCorpus.jsonFiles(root)) {
      String name = SharedCorpus.name(root, file);
      if (!name.startsWith(CONTEXTS_FOLDER)) {
        visit(name, SharedCorpus.read(file), true, out);
      }
    }
    return out;
  }

  static List<Entry> of(Path root, Kind kind) {
    return all(root).stream().filter(e -> e.kind() == kind).toList();
  }

  private static void visit(String name, JsonObject json, boolean topLevel, List<Entry> out) {
    if (PostObject.isPostType(json)) {
      out.add(new Entry(name, Kind.POST, json));
    } else if (isActivity(json)) {
      out.add(new Entry(name, Kind.ACTIVITY, json));
      if (json.getValue("object") instanceof JsonObject object) {
        visit(name + " > object", object, false, out);
      }
    } else if (isCollection(json)) {
      visitItems(name, json, out);
    } else if (topLevel) {
      out.add(new Entry(name, Kind.NOT_A_POST, json));
    }
  }

  private static void visitItems(String name, JsonObject collection, List<Entry> out) {
    for (String key : List.of("orderedItems", "items")) {
      if (collection.getValue(key) instanceof JsonArray items) {
        for (int i = 0; i < items.size(); i++) {
          if (items.getValue(i) instanceof JsonObject item) {
            visit(name + " > " + key + "[" + i + "]", item, false, out);
          }
        }
      }
    }
    if (collection.getValue("first") instanceof JsonObject page) {
      visitItems(name + " > first", page, out);
    }
  }

  static boolean isActivity(JsonObject json) {
    return json.containsKey("actor") || PropertyValues.typesOf(json).stream().anyMatch(ACTIVITY_TYPES::contains);
  }

  private static boolean isCollection(JsonObject json) {
    return PropertyValues.typesOf(json).stream().anyMatch(t -> t.endsWith("Collection") || t.endsWith("CollectionPage"));
  }
}
