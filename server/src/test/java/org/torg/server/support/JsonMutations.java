package org.torg.server.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutations of JSON documents for property-based fuzzing: each picks a place in the document
 * (by its index in a depth-first walk, so a shrunk case names the same place) and removes,
 * replaces, wraps or duplicates what is there. jqwik shrinks a failing case to fewer and simpler
 * mutations.
 */
public final class JsonMutations {

  public enum Kind { REMOVE, REPLACE, WRAP_IN_ARRAY, WRAP_IN_OBJECT, EMPTY_CONTAINER }

  public record Mutation(int at, Kind kind, Object value) {}

  private JsonMutations() {}

  /** Values other servers send by mistake or attackers on purpose: wrong types, edge strings, deep nesting. */
  public static Arbitrary<Object> hostileValues(List<String> interestingStrings) {
    Arbitrary<Object> scalars = Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.of(Double.MAX_VALUE, -0.0, 1e308, 3.5).map(d -> (Object) d),
        Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
        Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(20).map(s -> (Object) s),
        Arbitraries.of("", " ", "\u0000", "null", "https://", "http://[::1", "javascript:alert(1)", "<script>alert(1)</script>",
            "../../etc/passwd", "%00", "acct:", "@", "\uD800", "x".repeat(5000), "Note", "Create", "Question", "Tombstone",
            "https://www.w3.org/ns/activitystreams#Public", "as:Public", "2026-13-45T99:99:99Z", "-1", "1e99").map(s -> (Object) s),
        Arbitraries.of(interestingStrings).map(s -> (Object) s));
    return Arbitraries.oneOf(scalars,
        scalars.list().ofMaxSize(3).map(l -> (Object) new JsonArray(new ArrayList<>(l))),
        Arbitraries.integers().between(50, 400).map(JsonMutations::nested),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).flatMap(key -> scalars.map(v -> (Object) new JsonObject().put(key, v))));
  }

  public static Arbitrary<Mutation> mutations(List<String> interestingStrings) {
    return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.of(Kind.class),
        hostileValues(interestingStrings)).as(Mutation::new);
  }

  /** A copy of {@code document} with the mutations applied in order; the root stays an object. */
  public static JsonObject apply(JsonObject document, List<Mutation> mutations) {
    return apply(document, mutations, java.util.Set.of());
  }

  /**
   * As {@link #apply(JsonObject, List)}, leaving the root's {@code keptRootKeys} alone: mutations
   * then reach past the first checks (an activity without an id is refused before anything else).
   */
  public static JsonObject apply(JsonObject document, List<Mutation> mutations, java.util.Set<String> keptRootKeys) {
    JsonObject copy = document.copy();
    for (Mutation m : mutations) {
      List<Place> places = new ArrayList<>();
      walk(copy, places);
      places.removeIf(p -> p.container() == copy && keptRootKeys.contains(p.key()));
      if (places.isEmpty()) {
        copy.put("x", m.value());
        continue;
      }
      places.get(m.at() % places.size()).mutate(m);
    }
    return copy;
  }

  /** A value in an object (by key) or an array (by index), with what its container needs to change it. */
  private record Place(Object container, String key, int index) {
    Object current() {
      return container instanceof JsonObject o ? o.getValue(key) : ((JsonArray) container).getValue(index);
    }

    void set(Object value) {
      if (container instanceof JsonObject o) {
        o.put(key, value);
      } else {
        ((JsonArray) container).set(index, value);
      }
    }

    void mutate(Mutation m) {
      switch (m.kind()) {
        case REMOVE -> {
          if (container instanceof JsonObject o) {
            o.remove(key);
          } else {
            ((JsonArray) container).remove(index);
          }
        }
        case REPLACE -> set(m.value());
        case WRAP_IN_ARRAY -> set(new JsonArray().add(current()).add(current()));
        case WRAP_IN_OBJECT -> set(new JsonObject().put("id", current()).put("type", m.value()));
        case EMPTY_CONTAINER -> set(current() instanceof JsonArray ? new JsonObject() : new JsonArray());
        default -> throw new IllegalStateException(m.kind().name());
      }
    }
  }

  private static void walk(Object node, List<Place> out) {
    if (node instanceof JsonObject o) {
      for (String key : new ArrayList<>(o.fieldNames())) {
        out.add(new Place(o, key, -1));
        walk(o.getValue(key), out);
      }
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(new Place(a, null, i));
        walk(a.getValue(i), out);
      }
    }
  }

  private static Object nested(int depth) {
    Object inner = "deep";
    for (int i = 0; i < depth; i++) {
      inner = i % 2 == 0 ? new JsonArray().add(inner) : new JsonObject().put("object", inner);
    }
    return inner;
  }

  /** Every string in the document changed by {@code change} (for moving a fixture onto a test peer's origin). */
  public static void rewriteStrings(Object node, java.util.function.UnaryOperator<String> change) {
    forEachPlace(node, place -> {
      if (place.current() instanceof String s) {
        place.set(change.apply(s));
      }
    });
  }

  private static void forEachPlace(Object node, Consumer<Place> action) {
    List<Place> places = new ArrayList<>();
    walk(node, places);
    places.forEach(action);
  }
}
