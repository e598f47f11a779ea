package org.torg.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.torg.federation.vocab.CorpusEntries.Entry;
import org.torg.federation.vocab.CorpusEntries.Kind;

/** Every activity of the shared corpus, top-level or embedded, read by {@link InboundActivity#parse}. */
class CorpusActivitiesTest {

  /**
   * Activities of the corpus that are not ones a peer could deliver, and why; each must be
   * refused, which is what the inbox answers (400, "not an activity") for such a document.
   */
  static final Map<String, String> REFUSED = Map.of(
      "fedify/activities/example.com_create.json",
      "hand-written for Fedify's document loader: a Create with no object",
      "fedify/activities/example.com_cross-origin-actor.json",
      "hand-written for Fedify's document loader (origin checks): a Create with no object",
      "fedify/activities/example.com_announce.json",
      "hand-written for Fedify's document loader: an Announce with no actor");

  /** The types with a record of their own; any other type is {@link InboundActivity.Other}. */
  private static final Map<String, Class<? extends InboundActivity>> RECORDS = Map.of(
      "Follow", InboundActivity.Follow.class,
      "Undo", InboundActivity.Undo.class,
      "Accept", InboundActivity.Accept.class,
      "Reject", InboundActivity.Reject.class,
      "Update", InboundActivity.Update.class,
      "Delete", InboundActivity.Delete.class,
      "Create", InboundActivity.Create.class,
      "Like", InboundActivity.Like.class,
      "Announce", InboundActivity.Announce.class,
      "Flag", InboundActivity.Flag.class);

  @TestFactory
  Stream<DynamicTest> everyActivityParsesAsItsRecord() {
    Path root = SharedCorpus.root();
    return CorpusEntries.of(root, Kind.ACTIVITY).stream().map(entry -> dynamicTest(entry.name(), () -> check(entry)));
  }

  @Test
  void everyRefusalNamesAnActivityOfTheCorpus() {
    Set<String> names = CorpusEntries.of(SharedCorpus.root(), Kind.ACTIVITY).stream().map(Entry::name)
        .collect(Collectors.toSet());
    assertTrue(names.containsAll(REFUSED.keySet()), "a refused file is gone from the corpus: update REFUSED");
  }

  /** The issue names these servers: each must contribute activities of the types threads need. */
  @Test
  void theCorpusHasThreadActivitiesFromEveryServerTheIssueNames() {
    Set<String> threadTypes = Set.of("Create", "Update", "Delete", "Announce", "Like", "Undo");
    Map<String, Set<String>> typesBySoftware = CorpusEntries.of(SharedCorpus.root(), Kind.ACTIVITY).stream()
        .filter(e -> !REFUSED.containsKey(e.name()) && threadTypes.contains(e.type()))
        .collect(Collectors.groupingBy(e -> e.name().substring(0, e.name().indexOf('/')),
            Collectors.mapping(Entry::type, Collectors.toCollection(TreeSet::new))));
    for (String software : List.of("mastodon", "pleroma", "lemmy", "peertube", "friendica", "misskey", "mbin")) {
      assertTrue(typesBySoftware.containsKey(software), software + " has no Create/Update/Delete/Announce/Like/Undo");
    }
    assertEquals(threadTypes, typesBySoftware.values().stream().flatMap(Set::stream).collect(Collectors.toSet()));
  }

  private static void check(Entry entry) throws Exception {
    JsonObject json = entry.json();
    String refusal = REFUSED.get(entry.name());
    if (refusal != null) {
      assertThrows(InboundActivity.NotAnActivityException.class, () -> InboundActivity.parse(json), refusal);
      return;
    }
    InboundActivity activity = InboundActivity.parse(json);
    String type = entry.type();
    assertEquals(RECORDS.getOrDefault(type, InboundActivity.Other.class), activity.getClass());
    assertEquals(json.getString("id"), activity.id());
    assertEquals(PropertyValues.firstId(json.getValue("actor")), activity.actor());
    assertEquals(type, activity.type());
    assertTrue(activity.raw() == json, "the activity keeps the JSON as received");
    ObjectRef object = objectOf(activity);
    if (object != null) {
      assertEquals(PropertyValues.idOf(json.getValue("object")), object.id());
      assertEquals(json.getValue("object") instanceof JsonObject, object.embedded().isPresent());
      object.embedded().ifPresent(embedded -> assertEquals(PropertyValues.typeOf(embedded), object.embeddedType().orElse(null)));
    } else if (activity instanceof InboundActivity.Follow follow) {
      assertEquals(PropertyValues.idOf(json.getValue("object")), follow.object());
    } else if (activity instanceof InboundActivity.Flag flag) {
      assertEquals(PropertyValues.ids(json.getValue("object"), InboundActivity.MAX_FLAG_OBJECTS), flag.objects());
      assertFalse(flag.objects().isEmpty());
    } else {
      assertFalse(RECORDS.containsKey(type), type + " has a record but no object was checked");
    }
  }

  private static ObjectRef objectOf(InboundActivity activity) {
    if (activity instanceof InboundActivity.Create a) {
      return a.object();
    } else if (activity instanceof InboundActivity.Update a) {
      return a.object();
    } else if (activity instanceof InboundActivity.Delete a) {
      return a.object();
    } else if (activity instanceof InboundActivity.Announce a) {
      return a.object();
    } else if (activity instanceof InboundActivity.Like a) {
      return a.object();
    } else if (activity instanceof InboundActivity.Undo a) {
      return a.object();
    } else if (activity instanceof InboundActivity.Accept a) {
      return a.object();
    } else if (activity instanceof InboundActivity.Reject a) {
      return a.object();
    }
    return null;
  }
}
