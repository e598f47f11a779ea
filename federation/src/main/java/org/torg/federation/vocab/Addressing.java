package org.torg.federation.vocab;

import java.util.ArrayList;
import java.util.List;

/**
 * Who an object or activity is addressed to, with the public collection written one way whatever
 * spelling the peer used ({@code as:Public}, {@code Public} or the full IRI: INTEROP §4).
 */
public record Addressing(List<String> to, List<String> cc) {

  /** How widely a post may be shown, read the way Mastodon reads it. */
  public enum Visibility {
    /** Public in {@code to}: listed everywhere. */
    PUBLIC,
    /** Public in {@code cc} only: visible to anyone with the link, not listed on timelines. */
    UNLISTED,
    /** Not public; the author's followers collection is addressed. */
    FOLLOWERS,
    /** Not public, not to followers: only the actors named. */
    DIRECT
  }

  public Addressing {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
  }

  /** Reads {@code to} and {@code cc} values as peers send them: a string or an array of ids. */
  public static Addressing of(Object to, Object cc, int cap) {
    return new Addressing(normalised(to, cap), normalised(cc, cap));
  }

  /** The ids in a {@code to}/{@code cc}-like property with the public collection spelled in full. */
  public static List<String> normalised(Object value, int cap) {
    List<String> out = new ArrayList<>();
    for (String id : PropertyValues.ids(value, cap)) {
      String address = ActivityStreams.isPublic(id) ? ActivityStreams.PUBLIC : id;
      if (!out.contains(address)) {
        out.add(address);
      }
    }
    return List.copyOf(out);
  }

  public boolean isPublic() {
    return to.contains(ActivityStreams.PUBLIC) || cc.contains(ActivityStreams.PUBLIC);
  }

  /** True when the id is in {@code to} or {@code cc}: with a Mention tag, what a notification needs. */
  public boolean addresses(String id) {
    return to.contains(id) || cc.contains(id);
  }

  /**
   * The visibility for a post by an author whose followers collection is {@code followers}
   * (null when unknown: then a non-public post reads as {@link Visibility#DIRECT}).
   */
  public Visibility visibility(String followers) {
    if (to.contains(ActivityStreams.PUBLIC)) {
      return Visibility.PUBLIC;
    }
    if (cc.contains(ActivityStreams.PUBLIC)) {
      return Visibility.UNLISTED;
    }
    if (followers != null && addresses(followers)) {
      return Visibility.FOLLOWERS;
    }
    return Visibility.DIRECT;
  }
}
