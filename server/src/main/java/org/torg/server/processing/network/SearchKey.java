package org.torg.server.processing.network;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds text for "the branch near me": lower case, accents off, so "goteborg" finds "Göteborg".
 * Letters that are not a base letter plus an accent (ø, æ, ß, ł, đ) get their usual spelling.
 */
final class SearchKey {

  private SearchKey() {}

  static String fold(String text) {
    if (text == null) {
      return "";
    }
    String decomposed = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    return decomposed.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").replace("ł", "l").replace("đ", "d")
        .replaceAll("\\s+", " ").strip();
  }

  /** What a branch is found by: its name, its display name and its place, each folded. */
  static String of(String username, String displayName, String place) {
    return fold(username) + " | " + fold(displayName) + " | " + fold(place);
  }
}
