package org.torg.server.processing.accounts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.torg.server.config.TorgConfig.SearchLanguage;
import org.torg.server.error.HttpError;

/**
 * The languages an account may choose: for its posts, those Torg's search stems (a post's
 * language picks its stemmer and goes out as its contentMap); for its pages, those Torg is
 * translated into. Empty clears the choice.
 */
public final class AccountLanguages {

  public static final List<String> POST = Arrays.stream(SearchLanguage.values()).map(l -> l.name().toLowerCase(Locale.ROOT)).toList();
  public static final List<String> UI = List.of("en", "sv", "nb");

  private AccountLanguages() {}

  public static String post(String raw) {
    return choose(raw, POST, "invalid_default_language", "defaultLanguage");
  }

  public static String ui(String raw) {
    return choose(raw, UI, "invalid_ui_language", "uiLanguage");
  }

  private static String choose(String raw, List<String> supported, String code, String field) {
    String tag = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (tag.isEmpty()) {
      return null;
    }
    if (!supported.contains(tag)) {
      throw new HttpError(422, code, field + " is one of " + String.join(", ", supported) + ", or empty.");
    }
    return tag;
  }
}
