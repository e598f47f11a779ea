package org.torg.server.http.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every string the web UI shows, per language, from {@code i18n/messages_<lang>.properties} in
 * the web client (UTF-8). Loaded by hand rather than through ResourceBundle, whose fallback to
 * the JVM's default locale would give an English visitor Swedish on a Swedish server. A key
 * missing in one language falls back to English; {@code MessagesTest} keeps them complete.
 */
public final class Messages {

  private final Map<String, Map<String, String>> byLanguage = new HashMap<>();

  public static Messages load() {
    Messages messages = new Messages();
    for (Locale locale : Languages.SUPPORTED) {
      messages.byLanguage.put(locale.getLanguage(), read("i18n/messages_" + locale.getLanguage() + ".properties"));
    }
    return messages;
  }

  private static Map<String, String> read(String resource) {
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing translation file " + resource);
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> out = new HashMap<>();
      p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of {@code key} in {@code locale}, with {0}, {1}… filled in. */
  public String get(Locale locale, String key, Object... args) {
    String pattern = byLanguage.getOrDefault(locale.getLanguage(), Map.of()).get(key);
    if (pattern == null) {
      pattern = byLanguage.get("en").getOrDefault(key, key);
    }
    // Only texts with placeholders go through MessageFormat (the translation files' header says
    // how to write an apostrophe in those); the rest are shown as written, and cost nothing.
    return pattern.indexOf('{') < 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }

  public Set<String> keys(Locale locale) {
    return new TreeSet<>(byLanguage.getOrDefault(locale.getLanguage(), Map.of()).keySet());
  }

  /** The strings the browser's script shows, those whose key starts with {@code js.}. */
  public Map<String, String> scriptStrings(Locale locale) {
    Map<String, String> out = new HashMap<>();
    for (String key : keys(Locale.ENGLISH)) {
      if (key.startsWith("js.")) {
        out.put(key.substring(3), get(locale, key));
      }
    }
    return out;
  }
}
