package org.torg.server.processing.mail;

import java.util.Locale;

/**
 * The words of Torg's emails, in the web client's translations (keys {@code mail.*}): given by
 * the composition root, so processing does not reach into the pages' code for them.
 */
@FunctionalInterface
public interface MailTexts {

  /** The text of {@code key} in {@code locale} (English when it has none), with {0}, {1}… filled in. */
  String get(Locale locale, String key, Object... args);

  /** A stored language (en, sv, nb) as a locale; English when none is stored. */
  static Locale locale(String language) {
    return language == null || language.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(language);
  }
}
